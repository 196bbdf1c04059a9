// The light/dark switch in the home page's and the board's headers (the choice itself is kept by
// services/theme).
import { IconButton } from '../../ui/Button';
import { MoonIcon, SunIcon } from '../../ui/icons';
import { chooseTheme, useEffectiveTheme } from '../../services/theme';

/** Switches between light and dark (the first switch leaves "follow the system"). */
export function ThemeToggle() {
  const theme = useEffectiveTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <IconButton label={`Switch to ${next} theme`} onClick={() => chooseTheme(next)}>
      {theme === 'dark' ? <SunIcon /> : <MoonIcon />}
    </IconButton>
  );
}
