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
