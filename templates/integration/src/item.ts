/** An item of the Example API, as the commands return it. */
export interface Item {
  id: string;
  title: string;
  status: 'open' | 'closed';
}

/**
 * Check and copy an item from an API answer. Never pass an outside answer through as is: an
 * API change would otherwise surface as a confusing schema error in the host, or leak fields
 * the command does not declare.
 */
export function toItem(value: unknown): Item {
  const item = value as Partial<Record<keyof Item, unknown>> | null;
  if (
    typeof item !== 'object' ||
    item === null ||
    typeof item.id !== 'string' ||
    typeof item.title !== 'string' ||
    (item.status !== 'open' && item.status !== 'closed')
  ) {
    throw new Error(`The Example API answered an unexpected item: ${JSON.stringify(value)}`);
  }
  return { id: item.id, title: item.title, status: item.status };
}
