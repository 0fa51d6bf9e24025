/** A word diff: removed words struck through in red, added ones underlined in green. */
export function TextDiff({ parts }: { parts: { value: string; change: "added" | "removed" | "same" }[] }) {
  return (
    <p className="text-diff">
      {parts.map((part, i) =>
        part.change === "added" ? (
          <ins key={i}>{part.value}</ins>
        ) : part.change === "removed" ? (
          <del key={i}>{part.value}</del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </p>
  );
}
