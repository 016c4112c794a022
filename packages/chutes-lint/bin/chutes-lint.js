#!/usr/bin/env node
import('../dist/chutes-lint.js');
