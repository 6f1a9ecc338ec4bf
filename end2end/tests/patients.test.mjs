// Patient Profile end to end: the network sets its client support; a
// practice admin finds a patient, creates credentials and prints the
// letter; the patient registers with the letter's details and their date
// of birth, confirms the email sent over SMTP, signs in and sees the
// support contact. Five wrong attempts lock another patient's account.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, expectNoErrors, hydrated, openPage, setAdminPassword, setPasswordByEmail, signIn, startApp } from "./harness.mjs";
import { letterhead, unzip } from "./docx.mjs";

let app;
const NETWORK_ADMIN = "lead.admin@nhs.net";
const PRIYA = "priya.shah@gatehouse-demo.nhs.uk";
const PASSWORD = "copper kettle meadow";
const PATIENT_PASSWORD = "lantern orchard pebble 7";
const SUPPORT_EMAIL = "patient.help@coastline.nhs.uk";

before(async () => {
  app = await startApp();
  await setAdminPassword(app, PASSWORD);
  await setPasswordByEmail(app, PRIYA, PASSWORD);
});

after(async () => {
  await app?.stop();
});

/** `count` valid NHS numbers (the modulus 11 check digit) from 990 000 0000 up. */
function nhsNumbers(count) {
  const numbers = [];
  for (let n = 0; numbers.length < count; n++) {
    const digits = String(990000000 + n).split("").map(Number);
    const sum = digits.reduce((total, d, i) => total + d * (10 - i), 0);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) numbers.push(digits.join("") + check);
  }
  return numbers;
}

/** Opens a patient's record from "Patients" and returns its address. */
async function openPatient(page, name, search) {
  await page.locator("header").getByRole("link", { name: "Patients" }).click();
  await page.waitForURL(/\/practices\/[^/]+\/patients$/);
  await hydrated(page);
  await page.getByLabel("Find a patient").fill(search);
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/\/patients\?q=/);
  await page.getByRole("link", { name }).click();
  await page.waitForURL(/\/patients\/[^/?]+$/);
  await hydrated(page);
  await page.getByRole("heading", { level: 1, name }).waitFor();
  return new URL(page.url()).pathname;
}

/** Creates credentials to distribute now and reads the print view. */
async function distribute(page, patientPath) {
  await page.getByRole("link", { name: "Create Patient Portal Credentials" }).click();
  await page.waitForURL(`${app.base}${patientPath}/credentials`);
  await hydrated(page);
  await page.getByRole("heading", { level: 1, name: "Create Patient Portal Credentials" }).waitFor();
  await page.getByRole("button", { name: "Submit" }).click();
  await page.waitForURL(`${app.base}${patientPath}/letter`);
  await hydrated(page);
  await page.getByRole("heading", { level: 1, name: "Create the letter" }).waitFor();
  const print = await page.context().newPage();
  await print.goto(`${app.base}${patientPath}/letter/print`);
  await print.locator("#letter-activation-code").waitFor();
  const patientId = (await print.locator("#letter-patient-id").textContent()).trim();
  const code = (await print.locator("#letter-activation-code").textContent()).trim();
  assert.match(patientId, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  assert.equal(await print.locator(".gh-letter__qr svg").count(), 1, "the letter has a QR code");
  await expectAccessible(print, "the letter's print view");
  await print.close();
  return { patientId, code };
}

describe("Patient Profile in headless Chromium", () => {
  test("staff distribute credentials, the patient registers with their date of birth, confirms the email and signs in", async () => {
    // The network's client support.
    const admin = await openPage(app);
    await signIn(app, admin.page, NETWORK_ADMIN, PASSWORD);
    await admin.page.locator("header").getByRole("link", { name: "Client support" }).click();
    await admin.page.waitForURL(/\/organisations\/[^/]+\/client-support$/);
    await hydrated(admin.page);
    await admin.page.getByText("No support contact yet").waitFor();
    await admin.page.getByLabel("Email address").fill(SUPPORT_EMAIL);
    await admin.page.getByLabel("Phone number").fill("0300 123 4567");
    await admin.page.getByRole("button", { name: "Save" }).click();
    await admin.page.getByText("Support contact saved").waitFor();
    await expectAccessible(admin.page, "client support");
    expectNoErrors(admin.problems, "client support");
    await admin.context.close();

    // Priya, Practice admin at Harbour View, finds Olivia Bennett.
    const staff = await openPage(app);
    await signIn(app, staff.page, PRIYA, PASSWORD);
    const olivia = await openPatient(staff.page, "Olivia Bennett", "benn");
    const profile = staff.page.locator("section", { hasText: "Patient Profile" });
    await profile.getByText("No account").waitFor();
    await expectAccessible(staff.page, "the Patient Information View");
    const { patientId, code } = await distribute(staff.page, olivia);
    await expectAccessible(staff.page, "the letter creation page");
    await staff.page.getByRole("button", { name: "Mark as sent" }).click();
    await staff.page.waitForURL(`${app.base}${olivia}?done=sent`);
    await staff.page.getByText("Letter marked as sent").waitFor();
    await profile.getByText("Pending registration").waitFor();
    const log = await staff.page.getByRole("region", { name: /Patient Profile activity/ }).textContent();
    for (const event of ["Patient Credentials Distributed", "Patient Access Letter Generated", "Patient Access Letter Sent"]) {
      assert.ok(log.includes(event), `the activity log has ${event}: ${log}`);
    }

    // Olivia registers from the letter's link.
    const patient = await openPage(app);
    await patient.page.goto(`${app.base}/patient-profile/register?patient_id=${patientId}`);
    await hydrated(patient.page);
    assert.equal(await patient.page.getByLabel("Patient ID").inputValue(), patientId);
    assert.match(await patient.page.locator("main").textContent(), new RegExp(SUPPORT_EMAIL.replace(/\./g, "\\.")));
    await expectAccessible(patient.page, "Register for Patient Profile");
    await patient.page.getByLabel("Activation code").fill(code.toLowerCase());
    await patient.page.getByLabel("Day").fill("15");
    await patient.page.getByLabel("Month").fill("3");
    await patient.page.getByLabel("Year").fill("1984");
    await patient.page.getByLabel("Email address").fill("olivia.b@example.com");
    await patient.page.getByLabel("Create a password").fill(PATIENT_PASSWORD);
    await patient.page.getByLabel("Enter the password again").fill(PATIENT_PASSWORD);
    await patient.page.getByRole("button", { name: "Register" }).click();
    await patient.page.waitForURL(`${app.base}/patient-profile/registered`);
    await patient.page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();

    const mail = await app.mail.waitFor((m) => m.to.includes("olivia.b@example.com") && m.subject === "Confirm your email address for Patient Profile");
    const link = app.mail.linksIn(mail).find((l) => l.startsWith(`${app.base}/patient-profile/confirm/`));
    assert.ok(link, `the email has the confirmation link: ${mail.text}`);
    await patient.page.goto(link);
    await hydrated(patient.page);
    await patient.page.getByRole("button", { name: "Confirm my email address" }).click();
    await patient.page.waitForURL(`${app.base}/patient-profile/confirmed`);
    await patient.page.locator("main").getByRole("link", { name: "Sign in" }).click();
    await patient.page.waitForURL(/\/sign-in/);
    await hydrated(patient.page);
    await patient.page.getByLabel("Email address").fill("olivia.b@example.com");
    await patient.page.getByLabel("Password").fill(PATIENT_PASSWORD);
    await patient.page.getByRole("button", { name: "Sign in" }).click();
    await patient.page.waitForURL(`${app.base}/patient-profile`);
    await patient.page.getByRole("heading", { level: 1, name: "Your Patient Profile" }).waitFor();
    const mine = await patient.page.locator("main").textContent();
    assert.ok(mine.includes("Harbour View Surgery") && mine.includes(SUPPORT_EMAIL), mine);
    await expectAccessible(patient.page, "Your Patient Profile");
    expectNoErrors(patient.problems, "patient registration");

    // Staff see the account Active, with the patient's own events.
    await staff.page.reload();
    await hydrated(staff.page);
    await profile.getByText("Active", { exact: true }).waitFor();
    const after = await staff.page.getByRole("region", { name: /Patient Profile activity/ }).textContent();
    for (const event of ["Patient User Successfully Registered", "Patient Account Onboarded", "Patient Access Granted"]) {
      assert.ok(after.includes(event), `the activity log has ${event}`);
    }
    // Disable, then enable: each says what it did, and the focus is on it.
    await staff.page.getByRole("button", { name: "Disable Patient Profile Account" }).click();
    await staff.page.waitForURL(`${app.base}${olivia}?done=disabled`);
    await staff.page.getByText("Patient Profile account disabled").waitFor();
    await profile.getByText("Disabled", { exact: true }).waitFor();
    await staff.page.getByRole("button", { name: "Enable Patient Profile Account" }).click();
    await staff.page.waitForURL(`${app.base}${olivia}?done=enabled`);
    await staff.page.getByText("Patient Profile account enabled").waitFor();
    await profile.getByText("Active", { exact: true }).waitFor();
    await staff.page.waitForFunction(() => document.activeElement?.id === "done");
    expectNoErrors(staff.problems, "staff distributing credentials");
    await staff.context.close();
    await patient.context.close();
  });

  test("five wrong attempts lock the account; without JavaScript a wrong detail gets the error summary", async () => {
    const staff = await openPage(app);
    await signIn(app, staff.page, PRIYA, PASSWORD);
    const harry = await openPatient(staff.page, "Harry Patel", "patel");
    const { patientId, code } = await distribute(staff.page, harry);

    // The first wrong attempt through the form, with JavaScript off.
    const plain = await openPage(app, { javaScript: false });
    await plain.page.goto(`${app.base}/patient-profile/register?patient_id=${patientId}`);
    await plain.page.getByLabel("Activation code").fill(code);
    await plain.page.getByLabel("Day").fill("2");
    await plain.page.getByLabel("Month").fill("11");
    await plain.page.getByLabel("Year").fill("1953");
    await plain.page.getByLabel("Email address").fill("harry.p@example.com");
    await plain.page.getByLabel("Create a password").fill(PATIENT_PASSWORD);
    await plain.page.getByLabel("Enter the password again").fill(PATIENT_PASSWORD);
    await plain.page.getByRole("button", { name: "Register" }).click();
    await plain.page.waitForURL(/\/patient-profile\/register\?/);
    const summary = plain.page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    assert.match(await summary.textContent(), /do not match our records/);
    expectNoErrors(plain.problems, "registration without JavaScript");
    await plain.context.close();

    // Four more, each after the wait the address must keep between tries.
    for (let attempt = 2; attempt <= 5; attempt++) {
      app.moveClock(5_000);
      const answer = await app.callApi("register_patient", {
        "registration[patient_id]": patientId,
        "registration[activation_code]": code,
        "registration[dob_day]": "2",
        "registration[dob_month]": "11",
        "registration[dob_year]": "1953",
        "registration[email]": "harry.p@example.com",
        "registration[password]": PATIENT_PASSWORD,
        "registration[confirm]": PATIENT_PASSWORD,
      });
      assert.equal(answer.status, 422, `attempt ${attempt}`);
    }
    await staff.page.goto(`${app.base}${harry}`);
    await hydrated(staff.page);
    const profile = staff.page.locator("section", { hasText: "Patient Profile" });
    await profile.getByText("Locked", { exact: true }).waitFor();
    const log = await staff.page.getByRole("region", { name: /Patient Profile activity/ }).textContent();
    assert.ok(log.includes("Patient Account Locked"), log);
    assert.equal((log.match(/Patient User Failed To Register/g) || []).length, 5);
    // Staff can distribute new credentials.
    await staff.page.getByRole("link", { name: "Create Patient Portal Credentials" }).waitFor();
    await expectAccessible(staff.page, "a locked account");
    expectNoErrors(staff.problems, "locking");
    await staff.context.close();
  });

  test("a practice uploads a Word letterhead, adds two letters, ticks 50 patients, watches the job and prints one page each", async () => {
    const { context, page, problems } = await openPage(app);
    await signIn(app, page, PRIYA, PASSWORD);
    await page.locator("header").getByRole("link", { name: "Patients" }).click();
    await page.waitForURL(/\/practices\/[^/]+\/patients$/);
    const practice = new URL(page.url()).pathname.split("/")[2];

    // Fifty patients, added as the "Add a patient" form posts them.
    const numbers = nhsNumbers(50);
    for (let n = 0; n < 50; n++) {
      const added = await page.request.post(`${app.base}/api/add_patient`, {
        headers: { origin: app.base, accept: "application/json" },
        form: {
          organisation_id: practice,
          "patient[given_name]": `Pat${String(n).padStart(2, "0")}`,
          "patient[family_name]": "Whitlock",
          "patient[nhs_number]": numbers[n],
          "patient[dob_day]": "2",
          "patient[dob_month]": "4",
          "patient[dob_year]": "1970",
        },
      });
      assert.equal(added.status(), 200, await added.text());
    }

    // The letterhead: a Word file with {{body}} split across two runs.
    await page.goto(`${app.base}/practices/${practice}/letter-template-bases/new`);
    await hydrated(page);
    await page.getByLabel("Name", { exact: true }).fill("Riverside letterhead");
    await page.getByLabel("Word file template document").setInputFiles({
      name: "letterhead.docx",
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      buffer: letterhead("Riverside Surgery"),
    });
    await page.getByLabel("Letter body").fill("Dear {{patient_name}}\n{{letter}}");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/letter-template-bases\?done=added$/);

    // Two letters: the Patient ID (patients see it), the activation code (not).
    for (const [name, body, visible] of [
      ["Your Patient ID", "Your Patient ID is {{patient_id}}", true],
      ["Your activation code", "Your activation code is {{activation_code}}", false],
    ]) {
      await page.goto(`${app.base}/practices/${practice}/letter-templates/new`);
      await hydrated(page);
      await page.getByLabel("Patient Letter Template Base").selectOption({ label: "Riverside letterhead" });
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByLabel("Name", { exact: true }).waitFor();
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByLabel("Letter body").fill(body);
      if (visible) await page.getByLabel("Patient Profile Is Visible").check();
      await page.getByRole("button", { name: "Save" }).click();
      await page.waitForURL(/\/letter-templates\?done=added$/);
    }

    // Tick the fifty on "Patients".
    await page.goto(`${app.base}/practices/${practice}/patients?q=whitlock`);
    await hydrated(page);
    await page.getByText("50 patients match.").waitFor();
    for (let n = 0; n < 50; n++) {
      await page.getByLabel(`Select Pat${String(n).padStart(2, "0")} Whitlock`).check();
    }
    await expectAccessible(page, "Patients with tick boxes");
    await page.getByRole("button", { name: "Create Patient Portal Credentials" }).click();
    await page.waitForURL(/\/patients\/bulk-credentials\?/);
    await hydrated(page);
    await page.getByText("You selected 50 patients").waitFor();
    await page.getByLabel("Your Patient ID").check();
    await page.getByLabel("Your activation code").check();
    await expectAccessible(page, "credentials for selected patients");
    await page.getByRole("button", { name: "Create credentials for 50 patients" }).click();

    // The job's page: its progress bar, then its letters.
    await page.waitForURL(/\/organisations\/[^/]+\/jobs\/[^/]+$/);
    await hydrated(page);
    await page.locator("progress").first().waitFor();
    await page.locator(".gh-job-progress").getByText("Done", { exact: true }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator("progress").first().getAttribute("value"), "50");
    await page.getByRole("link", { name: "Letters for these patients" }).click();
    await page.waitForURL(/\/patients\/bulk-credentials\/[^/?]+$/);
    await hydrated(page);
    await page.getByText("Letters for 50 patients").waitFor();
    await expectAccessible(page, "the job's letters");

    // The Word file of the Patient ID letter: one page a patient.
    const section = page.getByRole("heading", { name: "Your Patient ID" }).locator("xpath=following-sibling::ul[1]");
    const href = await section.getByRole("link", { name: /Word document/ }).getAttribute("href");
    const docx = await page.request.get(`${app.base}${href}`);
    assert.equal(docx.status(), 200);
    const document = unzip(await docx.body()).get("word/document.xml").toString("utf8");
    assert.equal((document.match(/<w:br w:type="page"\/>/g) || []).length, 49);
    assert.equal((document.match(/Your Patient ID is [A-Z2-9]{4}-[A-Z2-9]{4}/g) || []).length, 50);
    assert.equal((document.match(/Riverside Surgery/g) || []).length, 50, "the letterhead on every page");
    assert.ok(!document.includes("{{"), "every field merged");

    // Its print view: fifty letters, one a page.
    const print = await section.getByRole("link", { name: /Print view/ }).getAttribute("href");
    await page.goto(`${app.base}${print}`);
    await hydrated(page);
    assert.equal(await page.locator("article.gh-letters-page").count(), 50);
    const first = await page.locator("article.gh-letters-page").first().textContent();
    assert.match(first, /Dear Pat00 Whitlock/);
    const patientId = first.match(/Your Patient ID is ([A-Z2-9]{4}-[A-Z2-9]{4})/)[1];
    await expectAccessible(page, "letters to print");
    await page.goBack();
    const codeSection = page.getByRole("heading", { name: "Your activation code" }).locator("xpath=following-sibling::ul[1]");
    await page.goto(`${app.base}${await codeSection.getByRole("link", { name: /Print view/ }).getAttribute("href")}`);
    await hydrated(page);
    const code = (await page.locator("article.gh-letters-page").first().textContent()).match(/Your activation code is ([A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5})/)[1];

    // Each patient's record shows the letters made and the credentials
    // distributed.
    await page.goto(`${app.base}/practices/${practice}/patients?q=pat07`);
    await page.getByRole("link", { name: "Pat07 Whitlock" }).click();
    await page.waitForURL(/\/patients\/[^/?]+$/);
    await hydrated(page);
    const log = await page.getByRole("region", { name: /Patient Profile activity/ }).textContent();
    assert.ok(log.includes("Patient Credentials Distributed"), log);
    assert.equal((log.match(/Patient Access Letter Generated/g) || []).length, 2, log);
    await expectAccessible(page, "a record with letters made in bulk");

    // One patient's letter from a template: the letter creation page.
    await page.goto(`${app.base}${new URL(page.url()).pathname}/letter`);
    await hydrated(page);
    await page.getByLabel("Your activation code").check();
    await page.getByRole("button", { name: "Preview this letter" }).click();
    await page.waitForURL(/\/letter\?letter=/);
    await page.locator(".gh-letter-preview").getByText(/Your activation code is [A-Z2-9]{5}-/).waitFor();
    expectNoErrors(problems, "credentials and letters for many patients");
    await context.close();

    // Pat00 registers with the two letters: only the visible one is theirs to see.
    const patient = await openPage(app);
    await patient.page.goto(`${app.base}/patient-profile/register?patient_id=${patientId}`);
    await hydrated(patient.page);
    await patient.page.getByLabel("Activation code").fill(code);
    await patient.page.getByLabel("Day").fill("2");
    await patient.page.getByLabel("Month").fill("4");
    await patient.page.getByLabel("Year").fill("1970");
    await patient.page.getByLabel("Email address").fill("pat00.whitlock@example.com");
    await patient.page.getByLabel("Create a password").fill(PATIENT_PASSWORD);
    await patient.page.getByLabel("Enter the password again").fill(PATIENT_PASSWORD);
    await patient.page.getByRole("button", { name: "Register" }).click();
    await patient.page.waitForURL(`${app.base}/patient-profile/registered`);
    const mail = await app.mail.waitFor((m) => m.to.includes("pat00.whitlock@example.com"));
    await patient.page.goto(app.mail.linksIn(mail).find((l) => l.startsWith(`${app.base}/patient-profile/confirm/`)));
    await hydrated(patient.page);
    await patient.page.getByRole("button", { name: "Confirm my email address" }).click();
    await patient.page.waitForURL(`${app.base}/patient-profile/confirmed`);
    await signIn(app, patient.page, "pat00.whitlock@example.com", PATIENT_PASSWORD);
    await patient.page.getByRole("heading", { level: 1, name: "Your Patient Profile" }).waitFor();
    const mine = await patient.page.locator("main").textContent();
    assert.ok(mine.includes("Your Patient ID"), mine);
    assert.ok(!mine.includes("Your activation code"), "a letter that is not visible never reaches the patient");
    await expectAccessible(patient.page, "Your Patient Profile with a letter");
    expectNoErrors(patient.problems, "a patient with letters made in bulk");
    await patient.context.close();
  });

  test("with JavaScript off, staff add a patient (an error first), create credentials, mark the letter sent, mark the record Deceased and start credentials for many; the network sets its client support", async () => {
    const { context, page, problems } = await openPage(app, { javaScript: false });
    await page.goto(`${app.base}/sign-in`);
    await page.getByLabel("Email address").fill(PRIYA);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${app.base}/inbox`);
    await page.locator("header").getByRole("link", { name: "Patients" }).click();
    await page.waitForURL(/\/practices\/[^/]+\/patients$/);
    await page.getByRole("link", { name: "Add a patient" }).click();
    await page.waitForURL(/\/patients\/new$/);

    // An NHS number with a wrong check digit: the error summary, nothing added.
    await page.getByLabel("First name").fill("Nora");
    await page.getByLabel("Last name").fill("Blake");
    await page.getByLabel("NHS number").fill("943 476 5918");
    await page.getByLabel("Day").fill("3");
    await page.getByLabel("Month").fill("11");
    await page.getByLabel("Year").fill("1988");
    await page.getByRole("button", { name: "Add patient" }).click();
    await page.waitForURL(/\/patients\/new\?/);
    assert.match(await page.locator(".nhsuk-error-summary").textContent(), /valid 10 digit NHS number/);

    await page.getByLabel("First name").fill("Nora");
    await page.getByLabel("Last name").fill("Blake");
    await page.getByLabel("NHS number").fill("943 476 5919");
    await page.getByLabel("Day").fill("3");
    await page.getByLabel("Month").fill("11");
    await page.getByLabel("Year").fill("1988");
    await page.getByRole("button", { name: "Add patient" }).click();
    await page.waitForURL(/\/patients\/[^/?]+\?done=added$/);
    await page.getByText("Patient added").waitFor();
    const record = new URL(page.url()).pathname;

    await page.getByRole("link", { name: "Create Patient Portal Credentials" }).click();
    await page.waitForURL(`${app.base}${record}/credentials`);
    await page.getByRole("button", { name: "Submit" }).click();
    await page.waitForURL(`${app.base}${record}/letter`);
    assert.match(await page.locator("#letter-activation-code").textContent(), /^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    await page.getByRole("button", { name: "Mark as sent" }).click();
    await page.waitForURL(`${app.base}${record}?done=sent`);
    await page.getByText("Letter marked as sent").waitFor();
    const log = await page.getByRole("region", { name: /Patient Profile activity/ }).textContent();
    assert.ok(log.includes("Patient Access Letter Sent"), log);

    // A document on the record, a plain multipart post: a text file first.
    await page.getByRole("link", { name: "Add a document" }).click();
    await page.waitForURL(`${app.base}${record}/add-document`);
    await page.getByLabel("Document", { exact: true }).setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a PDF") });
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator(".nhsuk-error-summary").waitFor();
    assert.match(await page.locator(".nhsuk-error-summary").textContent(), /must be a PDF/);
    await page.getByLabel("Document", { exact: true }).setInputFiles({ name: "results.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n1 0 obj\n") });
    await page.getByLabel("Name (optional)").fill("Blood test results");
    await page.getByLabel(/Patient Profile Is Visible/).check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(`${app.base}${record}?done=document`);
    await page.getByText("Document added").waitFor();
    const documents = page.getByRole("region", { name: /Documents on this record/ });
    await documents.getByRole("link", { name: "Blood test results" }).waitFor();
    await documents.getByText("Yes", { exact: true }).waitFor();

    // The record becomes Deceased: its account is disabled automatically.
    await page.getByLabel("Record status").selectOption({ label: "Deceased" });
    await page.getByRole("button", { name: "Save record status" }).click();
    await page.waitForURL(`${app.base}${record}?done=status`);
    await page.getByText("Record status changed").waitFor();
    const profile = page.locator("section", { hasText: "Patient Profile" });
    await profile.getByText("Disabled", { exact: true }).waitFor();
    await page.getByText("No actions are available for this account now.").waitFor();
    const after = await page.getByRole("region", { name: /Patient Profile activity/ }).textContent();
    assert.ok(after.includes("Patient Account Disabled Automatically"), after);

    // Credentials for many patients (Harry Patel's account was locked by the
    // test before): the job starts and its page opens.
    await page.goto(`${app.base}${record.replace(/\/[^/]+$/, "")}/bulk-credentials`);
    await page.getByRole("heading", { level: 1, name: "Create credentials for many patients" }).waitFor();
    await page.getByRole("button", { name: /^Create credentials for \d+ patients?$/ }).click();
    await page.waitForURL(/\/organisations\/[^/]+\/jobs\/[^/]+$/);
    await page.getByRole("heading", { level: 1, name: /Patient Portal Credentials for many patients/ }).waitFor();
    expectNoErrors(problems, "staff forms without JavaScript");
    await context.close();

    // The network's client support, a wrong email address first.
    const network = await openPage(app, { javaScript: false });
    await network.page.goto(`${app.base}/sign-in`);
    await network.page.getByLabel("Email address").fill(NETWORK_ADMIN);
    await network.page.getByLabel("Password").fill(PASSWORD);
    await network.page.getByRole("button", { name: "Sign in" }).click();
    await network.page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await network.page.locator("header").getByRole("link", { name: "Client support" }).click();
    await network.page.waitForURL(/\/organisations\/[^/]+\/client-support$/);
    await network.page.getByLabel("Email address").fill("not an email");
    await network.page.getByLabel("Phone number").fill("0300 123 4567");
    await network.page.getByRole("button", { name: "Save" }).click();
    await network.page.locator(".nhsuk-error-summary").waitFor();
    await network.page.getByLabel("Email address").fill("help.desk@coastline.nhs.uk");
    await network.page.getByLabel("Phone number").fill("0300 123 4567");
    await network.page.getByRole("button", { name: "Save" }).click();
    await network.page.getByText("Support contact saved").waitFor();
    await network.page.getByRole("cell", { name: "help.desk@coastline.nhs.uk" }).waitFor();
    expectNoErrors(network.problems, "client support without JavaScript");
    await network.context.close();
  });
});
