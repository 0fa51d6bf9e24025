import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { resetEnvForTests } from "~/lib/env.server";
import { createHttpApp } from "~/lib/http-server.server";
import { localeCookie } from "~/lib/locale.server";
import * as bodyTooLargeRoute from "~/routes/body-too-large";
import * as imagesRoute from "~/routes/images";
import * as editRoute from "~/routes/solutions.$slug.edit";
import { createTeam } from "../factories/accounts";
import { contentInput, createSolutionAs, createTaxonomy } from "../factories/solution-workflow";
import { cookieFor } from "../support/remix";
import { serverBuildWith } from "../support/server-build";

/**
 * Bad input that only shows over HTTP, where the Express layer caps request bodies before Remix runs:
 * a 5 MB title and oversized or fake images, against a small configured UPLOAD_MAX_BYTES. The app is
 * the real Express layer in front of a build with the real edit, images and body-too-large routes.
 */
const UPLOAD_MAX_BYTES = 200 * 1024;

const build = () =>
  serverBuildWith([
    { id: "routes/body-too-large", path: "body-too-large", module: bodyTooLargeRoute },
    { id: "routes/images", path: "images", module: imagesRoute },
    { id: "routes/solutions.$slug.edit", path: "solutions/:slug/edit", module: editRoute },
  ]);

let server: Server;
let base: string;
const previousLimit = process.env.UPLOAD_MAX_BYTES;

beforeAll(async () => {
  process.env.UPLOAD_MAX_BYTES = String(UPLOAD_MAX_BYTES);
  resetEnvForTests();
  server = createHttpApp({ getBuild: build, mode: "production", publicDir: "public" }).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  if (previousLimit === undefined) delete process.env.UPLOAD_MAX_BYTES;
  else process.env.UPLOAD_MAX_BYTES = previousLimit;
  resetEnvForTests();
});

async function zhCookie(): Promise<string> {
  return (await localeCookie.serialize("zh")).split(";")[0]!;
}

async function setup() {
  const db = getDb();
  const [team, taxonomy] = await Promise.all([createTeam(db), createTaxonomy(db)]);
  const solution = await createSolutionAs(db, team.member, { painPointIds: [taxonomy.painPoints[0]!.id] });
  return { db, team, solution, painPointIds: [taxonomy.painPoints[0]!.id], cookie: await cookieFor(team.member.id) };
}

function editForm(s: Awaited<ReturnType<typeof setup>>, title: string): FormData {
  const input = contentInput({ authorIds: [s.team.member.id], painPointIds: s.painPointIds });
  const form = new FormData();
  for (const [key, value] of Object.entries({
    intent: "save",
    baseRevision: String(s.solution.revision),
    title,
    summary: input.summary,
    visibility: "group",
    body: input.body,
    painPointIds: s.painPointIds[0]!,
    authorIds: s.team.member.id,
  })) {
    form.append(key, value);
  }
  return form;
}

async function revisionOf(id: string) {
  return (await getDb().selectFrom("solutions").select("revision").where("id", "=", id).executeTakeFirstOrThrow())
    .revision;
}

describe("a 5 MB title over HTTP", () => {
  it("is a 400 the editor's autosave receives as its action result, in the user's language, and nothing is stored", async () => {
    const s = await setup();
    const title = "x".repeat(5 * 1024 * 1024);
    for (const [cookie, message] of [
      [s.cookie, "This form is too large to send (limit 4 MB)."],
      [`${s.cookie}; ${await zhCookie()}`, "表单内容过大，无法提交（上限 4 MB）。"],
    ] as const) {
      // With JavaScript, Remix posts to `<path>.data` and decodes the answer as the action's data.
      const response = await fetch(`${base}/solutions/${s.solution.slug}/edit.data`, {
        method: "POST",
        headers: { Origin: base, Cookie: cookie },
        body: editForm(s, title),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^text\/x-script/);
      expect(response.headers.get("x-remix-response")).toBe("yes");
      const body = await response.text();
      expect(body).toContain(message);
      expect(body).toContain('"formError"');
    }
    // Without JavaScript the browser shows the answer itself.
    const page = await fetch(`${base}/solutions/${s.solution.slug}/edit`, {
      method: "POST",
      headers: { Origin: base, Cookie: `${s.cookie}; ${await zhCookie()}` },
      body: editForm(s, title),
    });
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/^表单内容过大，无法提交（上限 4 MB）。/);
    expect(await revisionOf(s.solution.id)).toBe(s.solution.revision);
  });

  it("while a title of 201 characters that fits the body limit gets the field's own message", async () => {
    const s = await setup();
    const response = await fetch(`${base}/solutions/${s.solution.slug}/edit.data`, {
      method: "POST",
      headers: { Origin: base, Cookie: s.cookie },
      body: editForm(s, "x".repeat(201)),
    });
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain("validation:tooLong");
    expect(await revisionOf(s.solution.id)).toBe(s.solution.revision);
  });
});

describe("image uploads over HTTP (UPLOAD_MAX_BYTES = 200 KB)", () => {
  const PNG_HEADER = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  );
  const png = (bytes: number) => Buffer.concat([PNG_HEADER, Buffer.alloc(Math.max(0, bytes - PNG_HEADER.length))]);

  async function upload(s: Awaited<ReturnType<typeof setup>>, data: Buffer, name: string, cookie = s.cookie) {
    const form = new FormData();
    form.set("solutionId", s.solution.id);
    form.set("file", new Blob([new Uint8Array(data)], { type: "image/png" }), name);
    const response = await fetch(`${base}/images`, {
      method: "POST",
      headers: { Origin: base, Cookie: cookie },
      body: form,
    });
    return {
      status: response.status,
      body: (await response.json()) as { src?: string; error?: { code: string; message: string } },
    };
  }

  async function imageCount(solutionId: string) {
    const row = await getDb()
      .selectFrom("images")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("solutionId", "=", solutionId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it("accepts a real PNG under the limit", async () => {
    const s = await setup();
    const ok = await upload(s, PNG_HEADER, "pixel.png");
    expect(ok.status).toBe(201);
    expect(ok.body.src).toMatch(/^\/images\/[0-9a-f-]{36}$/);
  });

  it("refuses an image over the limit with a 400 in the uploader's language, whether Remix or Express catches it", async () => {
    const s = await setup();
    // Just over the limit: it gets past the body cap (limit + 1 MB) and is refused while parsing.
    const over = await upload(s, png(UPLOAD_MAX_BYTES + 50 * 1024), "big.png");
    expect(over).toEqual({
      status: 400,
      body: {
        error: {
          code: "too_large",
          message: "The image is larger than 0.2 MB.",
          fields: { file: ["solutions:images.tooLarge"] },
        },
      },
    });
    const overZh = await upload(s, png(UPLOAD_MAX_BYTES + 50 * 1024), "big.png", `${s.cookie}; ${await zhCookie()}`);
    expect(overZh.body.error?.message).toBe("图片超过 0.2 MB。");
    // Far over: the body cap refuses it before anything reads it.
    const huge = await upload(s, png(3 * 1024 * 1024), "huge.png", `${s.cookie}; ${await zhCookie()}`);
    expect(huge).toEqual({ status: 400, body: { error: { code: "too_large", message: "图片超过 0.2 MB。" } } });
    expect(await imageCount(s.solution.id)).toBe(0);
  });

  it("refuses a text file renamed .png with a 400 in the uploader's language", async () => {
    const s = await setup();
    const fake = Buffer.from("<script>alert(1)</script> not an image at all");
    const en = await upload(s, fake, "innocent.png");
    expect(en).toEqual({
      status: 400,
      body: {
        error: {
          code: "not_image",
          message: "Only PNG, JPEG, WebP and GIF images can be uploaded.",
          fields: { file: ["solutions:images.notImage"] },
        },
      },
    });
    const zh = await upload(s, fake, "innocent.png", `${s.cookie}; ${await zhCookie()}`);
    expect(zh.body.error?.message).toBe("只能上传 PNG、JPEG、WebP 和 GIF 图片。");
    expect(await imageCount(s.solution.id)).toBe(0);
  });
});
