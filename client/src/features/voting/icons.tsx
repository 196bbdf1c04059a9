// Voting's extra icons, drawn like ui/icons.tsx (16px grid, 1.5px stroke, decorative).
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Svg({ size = 16, children, ...rest }: IconProps) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  );
}

/** Hidden: an eye struck through. */
export const EyeOffIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M6.1 3.8A6.6 6.6 0 0 1 8 3.5C12.1 3.5 14.5 8 14.5 8a11.6 11.6 0 0 1-1.9 2.5M10.3 10.3A2.2 2.2 0 0 1 8 10.2 2.2 2.2 0 0 1 5.8 8c0-.6.2-1.2.6-1.6M4.2 4.6C2.4 5.9 1.5 8 1.5 8S3.9 12.5 8 12.5c1.2 0 2.3-.4 3.2-.9" />
    <path d="M2 2l12 12" />
  </Svg>
);

/** Revealed: an open eye. */
export const EyeOpenIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8Z" />
    <circle cx="8" cy="8" r="2" />
  </Svg>
);

/** People: named voting. */
export const PeopleIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="6" cy="5.5" r="2.25" />
    <path d="M2 13c.4-2.2 2-3.5 4-3.5s3.6 1.3 4 3.5" />
    <path d="M10.5 3.5a2.1 2.1 0 0 1 0 4M12 9.8c1.1.5 1.8 1.6 2 3.2" />
  </Svg>
);
