// What the administration's pages need for WCAG AA contrast beyond the console's theme (which
// sets the links' and the danger red's colours): empty-list text dark enough to read. (Their state
// tags are the console's StatusTag, web/src/components.)
import { Typography } from 'antd';

/** An empty list's text, in the secondary text colour (the table's own placeholder grey is too light). */
export function emptyText(text: string) {
  return <Typography.Text type="secondary">{text}</Typography.Text>;
}
