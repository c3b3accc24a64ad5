import NextLink from "next/link";

/**
 * A link inside the app, without prefetching. Every page here is rendered per request (the CSP
 * nonce), and none has a loading.tsx, so a prefetch brings back only the route's tree (~270 bytes)
 * and the click still asks for the whole page; yet each costs the server a request as dear as a
 * small page's (~5 ms of CPU). Next prefetches every link in view, twice (the tree, then the
 * segment): 16 requests for the header's links on each page shown, 45 on the project list.
 * Navigation stays client-side.
 */
export default function Link(props: React.ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
