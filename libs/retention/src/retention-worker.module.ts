import { Module } from '@nestjs/common';

/** The retention purge of personal data past its period. Needs `JobsModule`. */
@Module({})
export class RetentionWorkerModule {}
