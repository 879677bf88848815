import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { RefusalNote } from '@/components/refusal-note';
import { useFormat } from '@/lib/format';
import type { ErrorCode } from '@/lib/problem';
import { authorName } from '@/lib/author';
import type { Comment, Phase } from '@/lib/types';
import { announce } from '@/lib/status';
import { useLoadMoreFocus } from '@/lib/use-load-more-focus';
import { useCreateComment } from '../api/create-comment';
import { useComments } from '../api/get-comments';
import { CommentForm } from './comment-form';
import { CommentItem } from './comment-item';

interface Props {
  proposalId: string;
  /** The proposal's `comment_count`: comments and replies, deleted ones not counted. */
  count: number;
  canComment: boolean;
  /** The server's reason when the viewer may not comment. */
  refusal?: ErrorCode | null;
  /** The call's phase, when known: a closed call says so instead of asking to sign in. */
  phase?: Phase;
  /** More actions on each comment, from the page (the report button). */
  commentActions?: (comment: Comment) => ReactNode;
}

/** Comments with one level of replies; the form shows only when the server allows it. */
export function CommentsSection({ proposalId, count, canComment, refusal, phase, commentActions }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useComments(proposalId);
  const create = useCreateComment(proposalId);
  const reply = useCreateComment(proposalId);
  const [replyTo, setReplyTo] = useState<string | null>(null);

  const post = async (body: string, parentId?: string) => {
    const m = parentId ? reply : create;
    try {
      await m.mutateAsync({ body, parent_id: parentId ?? null });
      if (parentId) setReplyTo(null);
      announce(parentId ? t('status.replyPosted') : t('status.commentPosted'));
      return true;
    } catch {
      return false;
    }
  };

  const threads = q.data?.pages.flatMap((p) => p.items) ?? [];
  const { listRef, loadMore } = useLoadMoreFocus<HTMLUListElement>(threads.length);

  // A deep link to one comment (`#comment-<id>`, from a notification): load pages until it is
  // there, then move focus to it (which scrolls it into view), once per link.
  const { hash } = useLocation();
  const target = hash.startsWith('#comment-') ? decodeURIComponent(hash.slice(1)) : null;
  const reached = useRef<string | null>(null);
  const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = q;
  useEffect(() => {
    if (!target || reached.current === target || !data) return;
    const el = document.getElementById(target);
    if (el) {
      reached.current = target;
      el.focus();
    } else if (hasNextPage) {
      if (!isFetchingNextPage) void fetchNextPage();
    } else {
      // Gone (deleted with its thread, or hidden): start at the content as any page does.
      reached.current = target;
      document.getElementById('main')?.focus({ preventScroll: true });
    }
  }, [target, data, hasNextPage, isFetchingNextPage, fetchNextPage]);
  return (
    <section className="comments" aria-labelledby="comments-title">
      <Heading variant="h2" as="h2" id="comments-title" className="section-title">
        {/* The same count as the card and the API; the list's `total` counts threads, for paging. */}
        {t('comments.title')} ({f.number(count)})
      </Heading>
      {canComment ? (
        <CommentForm
          id="new-comment"
          label={t('comments.newLabel')}
          submitText={t('comments.send')}
          pending={create.isPending}
          error={create.error}
          onSubmit={(body) => post(body)}
        />
      ) : (
        <RefusalNote code={refusal} phase={phase} action="comment" />
      )}
      {q.isError && !q.isFetchNextPageError ? (
        <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.isPending ? (
        <Loading small />
      ) : threads.length === 0 ? (
        <Paragraph>{t('comments.empty')}</Paragraph>
      ) : (
        <ul className="comment-list" ref={listRef}>
          {threads.map((c) => (
            <li key={c.id} className="comment-thread">
              <CommentItem
                comment={c}
                proposalId={proposalId}
                onReply={canComment && !c.deleted && c.visibility !== 'hidden' ? () => setReplyTo(c.id) : undefined}
                actions={commentActions}
              />
              {c.replies.length > 0 || replyTo === c.id ? (
                <ul className="comment-replies">
                  {c.replies.map((r) => (
                    <li key={r.id}>
                      <CommentItem comment={r} proposalId={proposalId} actions={commentActions} />
                    </li>
                  ))}
                  {replyTo === c.id ? (
                    <li>
                      <CommentForm
                        id={`reply-${c.id}`}
                        label={t('comments.replyLabel', { name: authorName(t, c.author) })}
                        submitText={t('comments.send')}
                        pending={reply.isPending}
                        error={reply.error}
                        autoFocus
                        onSubmit={(body) => post(body, c.id)}
                        onCancel={() => {
                          setReplyTo(null);
                          reply.reset();
                        }}
                      />
                    </li>
                  ) : null}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {q.hasNextPage ? (
        <Button variant="secondary" onClick={() => loadMore(() => q.fetchNextPage())} disabled={q.isFetchingNextPage}>
          {t('comments.more')}
        </Button>
      ) : null}
    </section>
  );
}
