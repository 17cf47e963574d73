import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DomainError } from '../common/errors';
import { fromGlobalId, toGlobalId } from '../common/node';
import { redactText } from '../common/redact';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { configureErasureBroadcast, ErasureNotice, erasureService } from '../modules/privacy';

const USAGE = `Erases a person's data (as the eraseStaffMember / eraseContact mutations do):
  npm run erase -- --staff SUBJECT   a staff member by token subject: <issuer>|<sub> as stored
                                     (local|<sub> for tokens without an issuer), the bare <sub>
                                     when only one issuer has it, or their StaffMember id
  npm run erase -- --contact ID      a contact person by id (global id or uuid)`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `npm run erase`: erasure on request, for operators (DATABASE_URL, or the embedded database). */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { staff: { type: 'string' }, contact: { type: 'string' } } });
  if (!values.staff === !values.contact) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase(config);
  configureErasureBroadcast({ crossProcess: !db.embedded });
  try {
    const em = db.orm.em.fork();
    let notice: ErasureNotice;
    if (values.staff) {
      const byId = fromGlobalId(values.staff);
      const id =
        byId?.type === 'StaffMember'
          ? byId.id
          : (await erasureService.findStaffBySubject(em, values.staff)).id;
      notice = { type: 'StaffMember', id };
    } else {
      const contact = values.contact!;
      const parsed = fromGlobalId(contact);
      const id = parsed?.type === 'Contact' ? parsed.id : UUID.test(contact) ? contact : null;
      if (!id) {
        console.error(`Not a contact id: ${contact}\n${USAGE}`);
        return 2;
      }
      notice = { type: 'Contact', id };
    }
    await erasureService.eraseAsOperator(em, notice);
    console.log(`Erased ${notice.type} ${toGlobalId(notice.type, notice.id)}`);
    return 0;
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(`${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(redactText(e instanceof Error ? e.message : String(e)));
    process.exit(1);
  },
);
