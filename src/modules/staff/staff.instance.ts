import { StaffService } from './staff.service';

/** The process-wide staff service (it holds the identity cache). */
export const staffService = new StaffService();
