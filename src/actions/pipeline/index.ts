import * as core from '@actions/core';
import { fail, startupLine } from '../action-context.js';
import { run } from './run.js';

core.info(startupLine('pipeline'));
run().catch(fail);
