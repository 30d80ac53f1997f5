// The voice edge and SIPp for the SIP tests: the same code bench:voice runs them with.
export { Sipp, VoiceEdgeProcess, registerPhone, startPhone } from '../../apps/bench/src/voice-edge.js';

/** Two seconds of a 440 Hz tone as 8 kHz A-law, what SIPp's callers send as RTP (caller.xml names the file). */
export function toneAlaw(seconds = 2): Buffer {
  const samples = Buffer.alloc(8000 * seconds);
  for (let i = 0; i < samples.length; i++) samples[i] = linearToAlaw(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
  return samples;
}

function linearToAlaw(sample: number): number {
  const sign = sample >= 0 ? 0x80 : 0;
  let magnitude = (sample >= 0 ? sample : -sample - 1) >> 3;
  let exponent = 0;
  if (magnitude >= 32) {
    exponent = 1;
    for (let t = magnitude >> 5; t > 1 && exponent < 7; t >>= 1) exponent++;
    magnitude = (magnitude >> exponent) & 0x0f;
  } else magnitude >>= 1;
  return (sign | (exponent << 4) | magnitude) ^ 0x55;
}
