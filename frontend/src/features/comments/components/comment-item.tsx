import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { HiddenNotice } from '@/components/moderation-notice';
import { errorMessage } from '@/components/problem-message';
import { authorName } from '@/lib/author';
import { useFormat } from '@/lib/format';
import { announce } from '@/lib/status';
import type { Comment } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';
import { useDeleteComment } from '../api/delete-comment';
import { useUpdateComment } from '../api/update-comment';
import { CommentForm } from './comment-form';

interface Props {
  comment: Comment;
  proposalId: string;
  /** Offered on top-level comments when the viewer may comment. */
  onReply?: () => void;
  /** More actions on the comment, from the page (the report button). */
  actions?: (comment: Comment) => ReactNode;
}

export function CommentItem({ comment, proposalId, onReply, actions }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const update = useUpdateComment(proposalId);
  const remove = useDeleteComment(proposalId);
  const editButton = useRef<HTMLButtonElement>(null);
  const item = useRef<HTMLDivElement>(null);
  // The form replaces the edit button, so focus would fall to the page when it closes: give
  // it back to the button once the form is gone (saved or cancelled), or to the comment if
  // it may no longer be edited.
  const refocus = useRef(false);
  const stopEditing = () => {
    refocus.current = true;
    setEditing(false);
  };
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    (editButton.current ?? item.current)?.focus();
  }, [editing]);
  // A notification links here (`#comment-<id>`); the section moves focus to it.
  const anchor = `comment-${comment.id}`;
  const targeted = useLocation().hash === `#${anchor}`;
  const cls = targeted ? ' comment--target' : '';

  if (comment.deleted) {
    return (
      <p id={anchor} tabIndex={-1} className={`comment comment--deleted${cls}`}>
        {t('comments.deleted')}
      </p>
    );
  }
  const hidden = comment.visibility === 'hidden';
  if (hidden && !comment.author) {
    // Hidden by moderation, and the viewer is neither its author nor a moderator: the tombstone.
    return (
      <div id={anchor} tabIndex={-1} className={`comment comment--deleted${cls}`}>
        <HiddenNotice moderation={comment.moderation} readable={false} compact />
      </div>
    );
  }
  const extra = !editing && actions ? actions(comment) : null;
  return (
    <div id={anchor} tabIndex={-1} className={`comment${cls}`} ref={item}>
      <p className="comment__meta">
        <span className="comment__author">{authorName(t, comment.author)}</span> ·{' '}
        <time dateTime={comment.created_at}>{f.dateTime(comment.created_at)}</time>
        {comment.edited_at ? <span className="comment__edited"> · {t('comments.edited')}</span> : null}
      </p>
      {hidden ? <HiddenNotice moderation={comment.moderation} readable compact /> : null}
      {editing ? (
        <CommentForm
          id={`edit-${comment.id}`}
          label={t('comments.editLabel')}
          submitText={t('common.save')}
          initial={comment.body}
          pending={update.isPending}
          error={update.error}
          autoFocus
          onSubmit={async (body) => {
            try {
              await update.mutateAsync({ id: comment.id, body });
              stopEditing();
              announce(t('status.commentSaved'));
              return false;
            } catch {
              return false;
            }
          }}
          onCancel={() => {
            stopEditing();
            update.reset();
          }}
        />
      ) : (
        <p className="comment__body" lang={comment.language !== lang ? comment.language : undefined}>
          {comment.body}
        </p>
      )}
      {!editing && (onReply || comment.viewer_can_edit || extra) ? (
        <div className="comment__actions">
          {onReply ? (
            <Button variant="secondaryNoBorder" onClick={onReply}>
              {t('comments.reply')}
            </Button>
          ) : null}
          {comment.viewer_can_edit ? (
            <>
              <Button variant="secondaryNoBorder" onClick={() => setEditing(true)} ref={editButton}>
                {t('common.edit')}
              </Button>
              <Button variant="secondaryNoBorder" onClick={() => setConfirming(true)}>
                {t('common.delete')}
              </Button>
            </>
          ) : null}
          {extra}
        </div>
      ) : null}
      {remove.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(t, remove.error)}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={t('comments.deleteTitle')}
        text={t('comments.deleteText')}
        confirmText={t('common.delete')}
        busy={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          remove.mutate(comment.id, { onSuccess: () => announce(t('status.commentDeleted')) });
        }}
      />
    </div>
  );
}
