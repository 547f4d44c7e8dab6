// CI reads the last line of the test output and understands "N passed, N failed, N skipped";
// vitest's own summary is not in that form, so this reporter prints it last.
export default class SummaryReporter {
  onTestRunEnd(testModules) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const visit = (children) => {
      for (const child of children) {
        if (child.type === 'test') {
          const state = child.result().state;
          if (state === 'passed') passed += 1;
          else if (state === 'failed') failed += 1;
          else skipped += 1;
        } else {
          visit(child.children);
        }
      }
    };
    for (const mod of testModules) {
      visit(mod.children);
      // A module that failed to load has no tests but must still fail the run.
      if (mod.state() === 'failed' && mod.children.size === 0) failed += 1;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
