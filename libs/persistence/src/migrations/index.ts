import { InitialSchema1795396268361 } from './1795396268361-InitialSchema.js';
import { RoutingEngine1795399483436 } from './1795399483436-RoutingEngine.js';
import { RoutingRounds1795401598341 } from './1795401598341-RoutingRounds.js';
import { RealtimeFeed1795404079125 } from './1795404079125-RealtimeFeed.js';
import { RepeatContacts1795405793696 } from './1795405793696-RepeatContacts.js';
import { CallTallies1795405851161 } from './1795405851161-CallTallies.js';
import { FollowUpJobs1795412213875 } from './1795412213875-FollowUpJobs.js';
import { RetentionIndexes1795412844924 } from './1795412844924-RetentionIndexes.js';
import { CallContributions1796292084468 } from './1796292084468-CallContributions.js';
import { SessionGenerations1796304502091 } from './1796304502091-SessionGenerations.js';
import { PlatformEvents1796411941000 } from './1796411941000-PlatformEvents.js';
import { CallbacksAreCalls1796421482858 } from './1796421482858-CallbacksAreCalls.js';
import { CallsCompletedAtIndex1796422416377 } from './1796422416377-CallsCompletedAtIndex.js';
import { ImprovementActions1796433751650 } from './1796433751650-ImprovementActions.js';
import { Evaluations1796433839064 } from './1796433839064-Evaluations.js';
import { LeaderInvitations1796433840631 } from './1796433840631-LeaderInvitations.js';
import { ImprovementActionEffects1796436000000 } from './1796436000000-ImprovementActionEffects.js';
import { PlatformEventsNumberedByReaders1796440000000 } from './1796440000000-PlatformEventsNumberedByReaders.js';
import { ShardedTallies1796440100000 } from './1796440100000-ShardedTallies.js';
import { RoutingRoundRequests1796440200000 } from './1796440200000-RoutingRoundRequests.js';
import { RoutingLeaderFeed1796440300000 } from './1796440300000-RoutingLeaderFeed.js';
import { AnnouncedSkills1796527000000 } from './1796527000000-AnnouncedSkills.js';
import { ArrivalsAnnouncedQueued1796527100000 } from './1796527100000-ArrivalsAnnouncedQueued.js';

/** Every migration, oldest first. A migration never changes after it lands. */
export const MIGRATIONS: Function[] = [InitialSchema1795396268361, RoutingEngine1795399483436, RoutingRounds1795401598341, RealtimeFeed1795404079125, RepeatContacts1795405793696, CallTallies1795405851161, FollowUpJobs1795412213875, RetentionIndexes1795412844924, CallContributions1796292084468, SessionGenerations1796304502091, PlatformEvents1796411941000, CallbacksAreCalls1796421482858, CallsCompletedAtIndex1796422416377, ImprovementActions1796433751650, Evaluations1796433839064, LeaderInvitations1796433840631, ImprovementActionEffects1796436000000, PlatformEventsNumberedByReaders1796440000000, ShardedTallies1796440100000, RoutingRoundRequests1796440200000, RoutingLeaderFeed1796440300000, AnnouncedSkills1796527000000, ArrivalsAnnouncedQueued1796527100000];
