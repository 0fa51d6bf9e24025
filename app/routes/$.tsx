/**
 * Every URL no other route matches. Without this route Remix answers unknown URLs without running the
 * root loader, so the 404 page lost the header (search box, navigation, user menu) and the reader's
 * saved language. Throwing here lets the root loader run and the root error boundary render the 404
 * page inside the full shell (as the Epic Stack does).
 */
export function loader() {
  throw new Response("Not Found", { status: 404 });
}

export function action() {
  throw new Response("Not Found", { status: 404 });
}

/** Never rendered (the loader always throws), but its presence makes this a page route, not a resource route. */
export default function NotFound() {
  return null;
}
