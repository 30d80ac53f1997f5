const HOUR_MS = 3_600_000;
const GRACE_MS = 5 * 60_000;

/**
 * Whole hours a link has left, rounded down after five minutes' grace (so a job that runs a little
 * late still says the configured lifetime); 0 when less is left, which is not worth a text.
 */
export function hoursLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.floor((expiresAt.getTime() - now.getTime() + GRACE_MS) / HOUR_MS));
}

/** The invitation text (Norwegian): who it is from, the link, that it works once and for how long. */
export function feedbackInvitationText(link: string, hours: number): string {
  const validity = hours === 1 ? '1 time' : `${hours} timer`;
  return `Hei! Takk for at du ringte Politiet på 02800. Hvor fornøyd var du med hjelpen? ` + `Svar her: ${link} Lenken kan brukes én gang og gjelder i ${validity}. Hilsen Politiet 02800`;
}

/** Whole days a link has left, after the same grace as {@link hoursLeft}; 0 when less than a day is left. */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.floor(hoursLeft(expiresAt, now) / 24);
}

/**
 * The invitation to a conversation with a police leader (decision 0041), in English for a call taken
 * in English and in Norwegian otherwise: who it is from, why, the link, that it works once and for how long.
 */
export function leaderInvitationText(link: string, days: number, lang: 'nb' | 'en'): string {
  if (lang === 'en') {
    const validity = days === 1 ? '1 day' : `${days} days`;
    return (
      `Hello! You called the Norwegian Police on 02800 and were not satisfied. A police leader would like to talk with you about your experience. ` +
      `Answer here: ${link} The link can be used once and is valid for ${validity}. Regards, Norwegian Police 02800`
    );
  }
  const validity = days === 1 ? '1 dag' : `${days} dager`;
  return (
    `Hei! Du ringte Politiet på 02800 og var ikke fornøyd. En leder i politiet vil gjerne snakke med deg om opplevelsen din. ` +
    `Svar her: ${link} Lenken kan brukes én gang og gjelder i ${validity}. Hilsen Politiet 02800`
  );
}
