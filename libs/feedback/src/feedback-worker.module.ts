import { Module } from '@nestjs/common';

/** The worker's side of citizen feedback: sending the invitations. Needs `JobsModule`. */
@Module({})
export class FeedbackWorkerModule {}
