#!/usr/bin/env node
require('../dist/chutes-lint.js');
