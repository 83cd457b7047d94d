import { fail } from '../action-context.js';
import { run } from './run.js';

run().catch(fail);
