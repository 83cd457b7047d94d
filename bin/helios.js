#!/usr/bin/env node
// The published command runs the committed bundle (npm run package rebuilds it).
import '../dist/cli/index.js';
