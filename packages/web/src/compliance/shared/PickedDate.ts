/** What antd's date pickers hand back (dayjs objects); only `format` is needed here. */
export interface PickedDate {
  format: (template: string) => string;
}

/** The wall-clock text a picker with time shows, to be read in the institution's time zone. */
export const WALL_TIME_FORMAT = 'YYYY-MM-DD HH:mm';
