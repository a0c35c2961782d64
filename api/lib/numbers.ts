/** Credits are summed as REALs; round for display so float noise (0.30000000000000004) never shows. */
export const roundCredits = (n: number) => Math.round(n * 10_000) / 10_000;
