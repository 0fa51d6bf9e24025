import type { SerializedEditorState } from "lexical";
import {
  createSerializedEditorState,
  createSerializedHeading,
  createSerializedParagraph,
  createSerializedText,
  TEXT_FORMAT,
} from "./serialized-nodes";

export type TemplateLocale = "en" | "zh";

interface TemplateSection {
  heading: string;
  guidance: string;
}

/**
 * The sections every case study answers, in the order a reader from another subsidiary asks them.
 * The guidance is in italics so the author sees it as a prompt to replace, not as content.
 */
const CASE_STUDY_SECTIONS: Record<TemplateLocale, TemplateSection[]> = {
  en: [
    {
      heading: "Customer problem",
      guidance: "Which customer problem did you solve? Who had it, how did it show, what did it cost?",
    },
    {
      heading: "Our approach",
      guidance: "What did you build or change, with which tools and data? What did you try that did not work?",
    },
    {
      heading: "Results",
      guidance: "What changed for the customer and for the team? Give numbers where you can: time, cost, errors.",
    },
    {
      heading: "How to reuse",
      guidance: "What does another team need to reuse this: files, templates, skills, licences, effort?",
    },
    {
      heading: "Contacts",
      guidance: "Who can answer questions about this solution? Give names, roles and how to reach them.",
    },
  ],
  zh: [
    { heading: "客户问题", guidance: "你们解决了客户的什么问题？谁遇到了这个问题，表现如何，造成了多大损失？" },
    { heading: "我们的方法", guidance: "你们开发或改变了什么，用了哪些工具和数据？哪些尝试没有成功？" },
    { heading: "成果", guidance: "客户和团队有什么变化？尽量给出数字：时间、成本、差错。" },
    { heading: "如何复用", guidance: "其他团队复用需要什么：文件、模板、技能、许可证、工作量？" },
    { heading: "联系人", guidance: "谁可以解答关于这个方案的问题？请写明姓名、职责和联系方式。" },
  ],
};

/** A new case study: one h2 per section, each followed by a paragraph of italic guidance. */
export function createCaseStudyTemplate(locale: TemplateLocale): SerializedEditorState {
  return createSerializedEditorState(
    CASE_STUDY_SECTIONS[locale].flatMap(({ heading, guidance }) => [
      createSerializedHeading("h2", [createSerializedText(heading)]),
      createSerializedParagraph([createSerializedText(guidance, TEXT_FORMAT.italic)]),
    ]),
  );
}
