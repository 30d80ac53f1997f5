import 'reflect-metadata';
import { AppConfig } from '@fc/config';
import { createApiApp } from './api-app.js';

const config = AppConfig.fromProcessOrExit();
const app = await createApiApp(config);
await app.listen(config.port, '0.0.0.0');
