//! A call's news (*Ajankohtaista*): dated items in fi (required), sv and en, with their
//! Markdown rendered to safe HTML when written, and the followers a new item is told of.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use siilo_domain::UserId;
use uuid::Uuid;

use crate::calls::Localized;
use crate::entities::{call_follow, call_news, user};

/// A news item's texts: the title, and the body as written (Markdown) and as rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsTexts {
    pub title: Localized,
    pub body: Localized,
    pub body_html: Localized,
}

/// A news item as read back, with its author's display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsRecord {
    pub id: Uuid,
    pub call_id: Uuid,
    pub texts: NewsTexts,
    /// The author and their display name; `None` when the account is erased.
    pub author: Option<(UserId, String)>,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// How many news items a call has, and when the newest was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NewsSummary {
    pub count: u64,
    pub latest_at: Option<DateTime<Utc>>,
}

/// Publishes a news item on the call now; its id.
#[tracing::instrument(skip_all, fields(call_id = %call_id, user_id = %author), err)]
pub async fn create(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    author: UserId,
    texts: NewsTexts,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    call_news::Entity::insert(call_news::ActiveModel {
        id: Set(id),
        call_id: Set(call_id),
        title_fi: Set(texts.title.fi),
        title_sv: Set(texts.title.sv),
        title_en: Set(texts.title.en),
        body_fi: Set(texts.body.fi),
        body_sv: Set(texts.body.sv),
        body_en: Set(texts.body.en),
        body_html_fi: Set(texts.body_html.fi),
        body_html_sv: Set(texts.body_html.sv),
        body_html_en: Set(texts.body_html.en),
        author_id: Set(Some(author.0)),
        published_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// Replaces the texts given (`None` keeps them) of the call's news item; `false` when the
/// call has no such item. The publication time stays.
#[tracing::instrument(skip_all, fields(call_id = %call_id, news_id = %id), err)]
pub async fn update(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    id: Uuid,
    title: Option<Localized>,
    body: Option<(Localized, Localized)>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(m) = find(db, call_id, id).await? else { return Ok(false) };
    let mut row: call_news::ActiveModel = m.into();
    if let Some(t) = title {
        row.title_fi = Set(t.fi);
        row.title_sv = Set(t.sv);
        row.title_en = Set(t.en);
    }
    if let Some((b, html)) = body {
        row.body_fi = Set(b.fi);
        row.body_sv = Set(b.sv);
        row.body_en = Set(b.en);
        row.body_html_fi = Set(html.fi);
        row.body_html_sv = Set(html.sv);
        row.body_html_en = Set(html.en);
    }
    row.updated_at = Set(now);
    row.update(db).await?;
    Ok(true)
}

/// Deletes the call's news item; `false` when the call has no such item.
#[tracing::instrument(skip_all, fields(call_id = %call_id, news_id = %id), err)]
pub async fn delete(db: &impl ConnectionTrait, call_id: Uuid, id: Uuid) -> Result<bool, DbErr> {
    let res = call_news::Entity::delete_many()
        .filter(call_news::Column::CallId.eq(call_id))
        .filter(call_news::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

async fn find(db: &impl ConnectionTrait, call_id: Uuid, id: Uuid) -> Result<Option<call_news::Model>, DbErr> {
    call_news::Entity::find_by_id(id).filter(call_news::Column::CallId.eq(call_id)).one(db).await
}

/// One of the call's news items.
#[tracing::instrument(skip_all, fields(call_id = %call_id, news_id = %id), err)]
pub async fn get(db: &impl ConnectionTrait, call_id: Uuid, id: Uuid) -> Result<Option<NewsRecord>, DbErr> {
    let Some(m) = find(db, call_id, id).await? else { return Ok(None) };
    let names = names(db, m.author_id.into_iter().collect()).await?;
    Ok(Some(record(m, &names)))
}

/// The call's news after `after` (`(published_at, id)` of the previous page's last item),
/// newest first, and how many it has: a keyset on the index `(call_id, published_at, id)`.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn page(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: u64,
) -> Result<(Vec<NewsRecord>, u64), DbErr> {
    use call_news::Column as C;
    let base = call_news::Entity::find().filter(C::CallId.eq(call_id));
    let total = base.clone().count(db).await?;
    let mut q = base;
    if let Some((at, id)) = after {
        q = q.filter(
            Condition::any()
                .add(C::PublishedAt.lt(at))
                .add(Condition::all().add(C::PublishedAt.eq(at)).add(C::Id.lt(id))),
        );
    }
    let rows = q.order_by_desc(C::PublishedAt).order_by_desc(C::Id).limit(limit).all(db).await?;
    let names = names(db, rows.iter().filter_map(|r| r.author_id).collect()).await?;
    Ok((rows.into_iter().map(|m| record(m, &names)).collect(), total))
}

/// How many news items the call has and when the newest was published.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn summary(db: &impl ConnectionTrait, call_id: Uuid) -> Result<NewsSummary, DbErr> {
    use call_news::Column as C;
    let base = call_news::Entity::find().filter(C::CallId.eq(call_id));
    let count = base.clone().count(db).await?;
    let latest_at = base
        .select_only()
        .column(C::PublishedAt)
        .order_by_desc(C::PublishedAt)
        .order_by_desc(C::Id)
        .into_tuple::<DateTime<Utc>>()
        .one(db)
        .await?;
    Ok(NewsSummary { count, latest_at })
}

/// Who follows the call, except `except` (the poster): the recipients of its news.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn followers_except(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    except: UserId,
) -> Result<Vec<UserId>, DbErr> {
    Ok(call_follow::Entity::find()
        .select_only()
        .column(call_follow::Column::UserId)
        .filter(call_follow::Column::CallId.eq(call_id))
        .filter(call_follow::Column::UserId.ne(except.0))
        .order_by_asc(call_follow::Column::UserId)
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .map(UserId::from)
        .collect())
}

/// The display names of the authors whose accounts are not erased: an erased author is shown
/// as none.
async fn names(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> Result<HashMap<Uuid, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::DisplayName])
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::ErasedAt.is_null())
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

fn record(m: call_news::Model, names: &HashMap<Uuid, String>) -> NewsRecord {
    NewsRecord {
        id: m.id,
        call_id: m.call_id,
        texts: NewsTexts {
            title: Localized { fi: m.title_fi, sv: m.title_sv, en: m.title_en },
            body: Localized { fi: m.body_fi, sv: m.body_sv, en: m.body_en },
            body_html: Localized { fi: m.body_html_fi, sv: m.body_html_sv, en: m.body_html_en },
        },
        author: m.author_id.and_then(|a| names.get(&a).map(|n| (UserId::from(a), n.clone()))),
        published_at: m.published_at,
        updated_at: m.updated_at,
    }
}
