import 'reflect-metadata';
import { AppConfig } from '@fc/config';
import { createWorkerApp } from './worker-app.js';

await createWorkerApp(AppConfig.fromProcessOrExit());
