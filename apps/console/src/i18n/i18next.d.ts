import type * as admin from '../admin/admin-messages';
import type * as agent from '../agent/agent-messages';
import type * as evaluations from '../evaluations/evaluations-messages';
import type * as improvement from '../quality/improvement-messages';
import type * as quality from '../quality/quality-messages';
import type * as supervisor from '../supervisor/supervisor-messages';
import type * as common from './common-messages';

// t() accepts only keys the Norwegian messages have (the English must have the same, see Messages):
// a text asked for but never written fails the build.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: {
      common: typeof common.nb;
      agent: typeof agent.nb;
      supervisor: typeof supervisor.nb;
      quality: typeof quality.nb;
      admin: typeof admin.nb;
      evaluations: typeof evaluations.nb;
      improvement: typeof improvement.nb;
    };
  }
}
