import { Module } from '@nestjs/common';

/** Citizen feedback: the public page and its API. */
@Module({})
export class FeedbackModule {}
