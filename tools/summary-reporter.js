// CI reads the last line of the test output and understands "N passed, N failed, N skipped";
// vitest's own summary is not in that form, so this reporter prints it last. The conformance
// projects (one suite, several targets) also get a line each just before it, so a CI log shows
// every target's counts side by side.
const PER_PROJECT = /^conformance-/;

export default class SummaryReporter {
  onTestRunEnd(testModules) {
    const total = { passed: 0, failed: 0, skipped: 0 };
    const byProject = new Map();
    const count = (name, key) => {
      total[key] += 1;
      if (!PER_PROJECT.test(name)) return;
      const counts = byProject.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
      counts[key] += 1;
      byProject.set(name, counts);
    };
    const visit = (name, children) => {
      for (const child of children) {
        if (child.type === 'test') {
          const state = child.result().state;
          if (state === 'passed') count(name, 'passed');
          else if (state === 'failed') count(name, 'failed');
          else count(name, 'skipped');
        } else {
          visit(name, child.children);
        }
      }
    };
    for (const mod of testModules) {
      const name = mod.project?.name ?? '';
      visit(name, mod.children);
      // A module that failed to load has no tests but must still fail the run.
      if (mod.state() === 'failed' && mod.children.size === 0) count(name, 'failed');
    }
    const line = (c) => `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
    let out = '\n';
    for (const name of [...byProject.keys()].sort())
      out += `${name}: ${line(byProject.get(name))}\n`;
    process.stdout.write(`${out}${line(total)}\n`);
  }
}
