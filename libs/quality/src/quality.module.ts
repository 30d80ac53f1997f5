import { Module } from '@nestjs/common';

/** Quality leads' work: reviews, the root-cause taxonomy, insights, feedback to agents, learnings. */
@Module({})
export class QualityModule {}
