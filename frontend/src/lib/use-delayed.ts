import { useEffect, useState } from 'react';

/**
 * `flag`, but turning true only once it has stayed true for `ms`: a quick change says nothing,
 * a slow one is announced (a screen reader hearing "loading" on every fast navigation is noise).
 */
export function useDelayed(flag: boolean, ms: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!flag) return;
    const timer = setTimeout(() => setLate(true), ms);
    return () => {
      clearTimeout(timer);
      setLate(false);
    };
  }, [flag, ms]);
  return flag && late;
}
