/**
 * Line icons for toolbar buttons whose usual symbols are emoji (🔗, 🖼): emoji fonts are missing on
 * many Linux desktops, where those buttons would show an empty box. Drawn in currentColor so they
 * follow the button's state colours.
 */
const svgProps = {
  width: 16,
  height: 16,
  viewBox: "0 0 16 16",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.6,
  strokeLinecap: "round",
  strokeLinejoin: "round",
  focusable: "false",
} as const;

export function LinkIcon() {
  return (
    <svg {...svgProps}>
      <path d="M6.5 9.5a3 3 0 0 0 4.2 0l2.3-2.3a3 3 0 0 0-4.2-4.2l-.9.9" />
      <path d="M9.5 6.5a3 3 0 0 0-4.2 0L3 8.8a3 3 0 0 0 4.2 4.2l.9-.9" />
    </svg>
  );
}

export function ImageIcon() {
  return (
    <svg {...svgProps}>
      <rect x="2" y="3" width="12" height="10" rx="1.5" />
      <circle cx="6" cy="6.5" r="1.2" />
      <path d="m2.5 12 3.8-3.8 2.4 2.4 1.8-1.8 3 3" />
    </svg>
  );
}
