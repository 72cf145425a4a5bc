#!/usr/bin/env node
// Runs the TypeScript CLI through tsx in this process (no wrapper process, so signals reach it as
// they reach `npm start`). The package build replaces this file with compiled JavaScript.
import { register } from 'tsx/esm/api';

register();
await import('../cli/sqs-jobs.ts');
