#!/usr/bin/env node
// The installed command; the compiled CLI lives in dist/.
import '../dist/cli/bin.js';
