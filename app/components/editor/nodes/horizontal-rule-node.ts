/**
 * Lexical 0.52 ships a horizontal rule node that works headless (its base class in
 * `@lexical/extension` renders `<hr>` without React). We use the `@lexical/react` subclass of it
 * because that is the class `HorizontalRulePlugin` and the Markdown shortcut for `---` create: if the
 * editor registered a different class for the type "horizontalrule", those would fail at run time.
 * It is a declared dependency, and its React part (`decorate`) only runs inside the browser editor.
 */
export {
  $createHorizontalRuleNode,
  $isHorizontalRuleNode,
  HorizontalRuleNode,
  INSERT_HORIZONTAL_RULE_COMMAND,
} from "@lexical/react/LexicalHorizontalRuleNode";
