// The side panel's tabs (Run, Relax, Fine-tune, Files): buttons with aria-selected, one
// section visible at a time.
export function installTabs(): void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role=tab]')];
  const select = (tab: HTMLButtonElement) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      document.getElementById(t.getAttribute('aria-controls')!)!.hidden = !on;
    }
    window.dispatchEvent(new Event('resize')); // plots in a newly shown tab take its width
  };
  for (const t of tabs) t.addEventListener('click', () => select(t));
}
