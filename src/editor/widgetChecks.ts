import { WIDGET_CONFIG_MAX_KEYS } from '../../contract/index.ts';
import type { WidgetData } from '../data/widgets.ts';
import { positionError } from './layout.ts';

/** What the editor calls a widget: its title, else its type. */
export function widgetTitle(w: Pick<WidgetData, 'type' | 'config'>): string {
  const title = w.config.title;
  return typeof title === 'string' && title.trim() ? title.trim() : w.type;
}

/**
 * Why the rules would refuse writing `w`, said so that the user can fix it; null
 * when it would be accepted. `teamPipelineIds` is null while they are not known.
 */
export function widgetWriteProblem(w: WidgetData, teamPipelineIds: readonly string[] | null): string | null {
  const name = `“${widgetTitle(w)}”`;
  if (teamPipelineIds && !teamPipelineIds.includes(w.pipelineId)) {
    return `The pipeline of ${name} no longer exists in this team: choose another pipeline in its options, or delete the widget.`;
  }
  const keys = Object.keys(w.config).length;
  if (keys > WIDGET_CONFIG_MAX_KEYS) return `A widget has at most ${WIDGET_CONFIG_MAX_KEYS} options; ${name} has ${keys}: remove some.`;
  const p = positionError(w.position);
  return p ? `The place of ${name} is off the grid: ${p}.` : null;
}
