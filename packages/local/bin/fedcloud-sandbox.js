#!/usr/bin/env node
// Committed so that npm can link the command at install time, before `tsc -b` has built dist/.
import '../dist/bin.js';
