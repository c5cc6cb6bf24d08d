const UNITS: [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
];

/** A bucket size as the CLI's options spell it: "1h", "15m", "30s", "7d"; odd sizes in ms ("1500 ms"). */
export function bucketLabel(ms: number): string {
  const unit = UNITS.find(([, size]) => ms % size === 0);
  return unit ? `${ms / unit[1]}${unit[0]}` : `${ms} ms`;
}
