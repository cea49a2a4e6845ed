"""Social posts of the demo, written as the platforms' own API responses (X v2, Mastodon, Bluesky, Reddit).

Each platform gets one JSON file holding every post as a single response in that platform's
shape (modelled on the real recorded responses, none copied). The demo server slices these
per brand and per page, the way the real search endpoints do.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from demo import phrases as P
from demo.catalog import BrandProfile, Cast
from demo.content import (
    MOTIVATION_MIX,
    POLARITY,
    TOPIC_MIX,
    Writer,
    after,
    choose_brands,
    days_between,
    incident_hours,
    incident_phase,
    local_moment,
    pick,
    poisson,
    pseudo,
)

PLATFORMS = {  # posts per ordinary day, extra posts during the incident, text limit
    "x": (1.7, 50, 280),
    "mastodon": (0.85, 20, 500),
    "bluesky": (0.85, 20, 300),
    "reddit": (0.55, 10, 4000),
}
INSTANCES = ("piaille.example", "mastodon.example.fr", "social.example.org", "toot.example.bzh")
SUBREDDITS = {"france": 2_400_000, "OperateursFR": 41_000, "techFR": 88_000, "vosfinances": 310_000}
TWITTER_EPOCH_MS = 1288834974657
NOISE_POSTS = (  # (Reddit title, text): they contain "azur" but name no brand; the Azur query's NOT drops them
    ("Week-end sur la Côte d'Azur", "Week-end parfait sur la Côte d'Azur, ciel d'azur et mer à 24 degrés ☀️"),
    ("Coucher de soleil à Nice", "Rien de tel qu'un coucher de soleil sur la Côte d'Azur #vacances"),
    ("La mer me manque", "Le bleu azur de la Méditerranée me manque déjà"),
)
OFFICIAL = {"start": "Un incident technique affecte actuellement le réseau {B}. Nos équipes sont mobilisées "
                     "pour rétablir le service au plus vite. Nous vous tiendrons informés ici. #{tag}",
            "middle": "Point de situation : le réseau {B} est progressivement rétabli dans plusieurs régions. "
                      "Merci pour votre patience. #{tag}",
            "end": "Le réseau {B} fonctionne de nouveau normalement. Toutes nos excuses pour la gêne "
                   "occasionnée : un geste commercial sera appliqué automatiquement. #{tag}"}  # the own brand's posts


@dataclass(frozen=True)
class Account:
    handle: str
    name: str
    followers: int
    following: int
    posts: int
    created: datetime
    verified: bool = False


@dataclass
class Post:
    """A platform-neutral social post; `render_*` turn it into each API's JSON."""

    platform: str
    published: datetime
    text: str
    author: Account
    lang: str
    brands: tuple[str, ...]
    likes: int
    shares: int
    replies: int
    quotes: int = 0
    title: str = ""  # Reddit
    subreddit: str = ""
    incident: bool = False
    ref: tuple[str, Post] | None = None  # ("replied_to" | "quoted" | "retweeted", original)
    number: int = 0  # order of creation, makes ids unique

    def hashtags(self) -> list[tuple[int, int, str]]:
        """(start, end, tag) in characters."""
        return [(m.start(), m.end(), m.group(1)) for m in re.finditer(r"#(\w+)", self.text)]


def make_account(rng: random.Random, cast: Cast, platform: str, official: BrandProfile | None = None) -> Account:
    created = datetime(2012, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 4000))
    if official is not None:
        return Account(official.x_handle, official.variants[0], rng.randint(40_000, 250_000), rng.randint(100, 900),
                       rng.randint(5_000, 40_000), created, True)
    name = f"{rng.choice(cast.first_names)} {rng.choice(cast.last_names)}"
    handle = pseudo(rng, cast).replace(" ", "_").replace(".", "")
    handle = re.sub(r"[^A-Za-z0-9_]", "", handle.encode("ascii", "ignore").decode()) or "user"
    if rng.random() < 0.5:
        handle = f"{name.split()[0]}{name.split()[1][:3]}".encode("ascii", "ignore").decode()
    handle = f"{handle}{rng.randint(1, 999)}" if rng.random() < 0.4 else handle
    followers = int(math.exp(rng.gauss(5.2, 1.5)))
    if rng.random() < 0.03:
        followers = rng.randint(20_000, 180_000)  # a journalist or an influencer
    return Account(handle[:15] if platform == "x" else handle, name, followers, rng.randint(20, 2_000),
                   rng.randint(50, 30_000), created, followers > 50_000 and rng.random() < 0.5)


def fit(text: str, limit: int) -> str:
    """Cut to the platform's length at a sentence or word boundary."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    stop = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: stop + 1] if stop > limit // 2 else cut[: cut.rfind(" ")] + "…"


def brand_in(w: Writer, brand: BrandProfile, core: str, platform: str) -> tuple[str, str]:
    """Name the brand the way people do: a prefix, a mention, an opener, or a closing hashtag.

    Returns (text, hashtag to append after everything else).
    """
    form = w.rng.random()
    if platform == "mastodon" and form < 0.5:  # hashtags are how Mastodon is searched
        return core, f"#{brand.short}"
    if platform == "reddit" or form >= 0.6:
        return f"{w.choose(P.FORUM_OPENERS)} {core}", ""
    if form < 0.25:
        return f"{w.slots['B']} : {core}", ""
    if form < 0.45 and platform in ("x", "bluesky"):
        return f"@{brand.x_handle} {core}", ""
    return core, f"#{brand.short}"


def ordinary_post(rng: random.Random, cast: Cast, platform: str, when: datetime, year: int,
                  account: Account) -> Post:
    brand, other = choose_brands(rng, cast)
    topic, pol, motivation = pick(rng, TOPIC_MIX), pick(rng, POLARITY["social"]), pick(rng, MOTIVATION_MIX)
    k = "neg" if pol == "irony" else pol
    w = Writer(rng, cast, brand, other, year, short=rng.random() < 0.4)
    names: tuple[str, ...] = (brand.name,)
    lang = "fr"
    if rng.random() < 0.06:
        text, lang = w.choose(P.SOCIAL_EN[k]), "en"
    elif other is not None:
        text, names = w.choose(P.COMPARE_FORUM), (brand.name, other.name)
    else:
        core = w.choose(P.IRONY[topic]) if pol == "irony" else w.choose(P.FORUM_CORE[topic][k])
        brand_tag = ""
        if brand.short.lower() not in core.lower():
            core, brand_tag = brand_in(w, brand, core, platform)
        closers = P.FORUM_CLOSERS["entertainment" if pol == "irony" else motivation]
        extra = w.choose(closers.get(k) or closers["neu"]) if rng.random() < 0.6 else ""
        tags = "#" + rng.choice(P.HASHTAGS[topic]) if rng.random() < 0.35 else ""
        text = " ".join(s for s in (core, extra, brand_tag, tags) if s)
    post = Post(platform, when, fit(text, PLATFORMS[platform][2]), account, lang, names, 0, 0, 0)
    if platform == "reddit":
        post.title = fit(w.choose(P.FORUM_TITLES[topic][k]), 120)
    return post


def incident_post(rng: random.Random, cast: Cast, platform: str, when: datetime, hours: float, year: int,
                  account: Account) -> Post:
    w = Writer(rng, cast, cast.own, None, year)
    phase = incident_phase(hours)
    if rng.random() < 0.15:
        text = w.choose(P.INCIDENT_IRONY)
    else:
        text = " ".join(w.some(P.INCIDENT_FORUM[phase], rng.randint(1, 2)))
        if rng.random() < 0.6 and cast.incident_tag not in text:
            text += f" #{cast.incident_tag}"
    post = Post(platform, when, fit(text, PLATFORMS[platform][2]), account, "fr", (cast.own.name,), 0, 0, 0,
                incident=True)
    if platform == "reddit":
        post.title = w.choose(P.INCIDENT_TITLES[phase])
    return post


def engagement(rng: random.Random, post: Post) -> None:
    """Likes, shares and replies that grow with the audience; the outage draws far more reactions."""
    boost = 4.0 if post.incident else 1.0
    base = post.author.followers * rng.uniform(0.0, 0.02) * boost + rng.expovariate(0.4)
    post.likes = int(base)
    post.shares = int(base * rng.uniform(0.05, 0.35))
    post.replies = int(base * rng.uniform(0.02, 0.2))
    post.quotes = int(post.shares * rng.uniform(0, 0.3))


def social_posts(rng: random.Random, cast: Cast, start: datetime, end: datetime,
                 window: tuple[datetime, datetime]) -> list[Post]:
    """Every social post of the period, all platforms, in chronological order."""
    posts: list[Post] = []
    year = end.year
    for platform, (per_day, incident_count, _) in PLATFORMS.items():
        people = [make_account(rng, cast, platform) for _ in range(140)]
        someone = partial(poster, rng, people)
        mine: list[Post] = []
        for day in days_between(start, end):
            rate = per_day * (1.2 if day.weekday() >= 5 else 1.0)
            for _ in range(poisson(rng, rate)):
                when = local_moment(rng, day, "people")
                if start <= when < end:
                    mine.append(ordinary_post(rng, cast, platform, when, year, someone()))
        for _ in range(incident_count):
            hours = incident_hours(rng)
            when = after(window[0], hours)
            if start <= when < end:
                mine.append(incident_post(rng, cast, platform, when, hours, year, someone()))
        if platform != "reddit":
            brand_account = make_account(rng, cast, platform, cast.own)
            for hours, phase in ((0.8, "start"), (14.0, "middle"), (35.0, "end")):
                when = after(window[0], hours)
                if start <= when < end:
                    text = OFFICIAL[phase].format(B=cast.own.name, tag=cast.incident_tag)
                    mine.append(Post(platform, when, text, brand_account, "fr", (cast.own.name,), 0, 0, 0,
                                     incident=True))
        for title, text in NOISE_POSTS:
            when = after(start, (end - start).total_seconds() / 3600 * rng.random())
            mine.append(Post(platform, when, text, someone(), "fr", (), 0, 0, 0, title=title))
        mine.sort(key=lambda p: p.published)
        for post in mine:
            engagement(rng, post)
            if platform == "reddit":
                post.subreddit = rng.choices(list(SUBREDDITS), weights=(3, 5, 2, 1))[0]
        if platform == "x":
            add_references(rng, mine, someone)
        posts += mine
    posts.sort(key=lambda p: (p.published, p.platform))
    for n, post in enumerate(posts):
        post.number = n
    return posts


def poster(rng: random.Random, people: list[Account]) -> Account:
    """Who writes the next post: a few accounts post a lot, most rarely."""
    return rng.choices(people, weights=[1 / (i + 1) ** 0.6 for i in range(len(people))])[0]


def add_references(rng: random.Random, posts: list[Post], someone: Callable[[], Account]) -> None:
    """Turn some X posts into replies, quotes and retweets of earlier posts about the same brand."""
    for i, post in enumerate(posts):
        earlier = [p for p in posts[max(0, i - 30):i] if p.brands and set(p.brands) & set(post.brands) and p.ref is None]
        if not earlier or not post.brands:
            continue
        roll = rng.random()
        original = rng.choice(earlier)
        if roll < 0.06:
            retweet = Post("x", post.published, fit(f"RT @{original.author.handle}: {original.text}", 280),
                           someone(), original.lang, original.brands, 0, 0, 0, ref=("retweeted", original))
            posts[i] = retweet
        elif roll < 0.16:
            post.ref = ("replied_to", original)
            post.text = fit(f"@{original.author.handle} {post.text}", 280)
        elif roll < 0.21:
            post.ref = ("quoted", original)


# --- rendering in each platform's format ------------------------------------------------------

def digits(seed: str, n: int) -> str:
    return str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))[:n]


def b32(seed: str, n: int) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    value = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    return "".join(alphabet[(value >> (5 * i)) & 31] for i in range(n))


def iso_ms(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def tweet_id(post: Post) -> str:
    ms = int(post.published.timestamp() * 1000)
    return str(((ms - TWITTER_EPOCH_MS) << 22) | (post.number % 4096))


def x_user(account: Account) -> dict:
    return {"id": digits("x" + account.handle, 18), "name": account.name, "username": account.handle,
            "created_at": iso_ms(account.created), "verified": account.verified, "protected": False,
            "description": "Compte officiel" if account.verified else "",
            "public_metrics": {"followers_count": account.followers, "following_count": account.following,
                               "tweet_count": account.posts, "listed_count": account.followers // 200}}


def x_tweet(post: Post) -> dict:
    tid = tweet_id(post)
    tweet = {"id": tid, "text": post.text, "author_id": digits("x" + post.author.handle, 18),
             "created_at": iso_ms(post.published), "lang": post.lang, "conversation_id": tid,
             "edit_history_tweet_ids": [tid], "possibly_sensitive": False, "reply_settings": "everyone",
             "source": "Twitter for iPhone",
             "public_metrics": {"retweet_count": post.shares, "reply_count": post.replies, "like_count": post.likes,
                                "quote_count": post.quotes, "bookmark_count": post.likes // 10,
                                "impression_count": post.author.followers // 3 + post.likes * 20}}
    entities: dict = {}
    if post.hashtags():
        entities["hashtags"] = [{"start": s, "end": e, "tag": t} for s, e, t in post.hashtags()]
    mentions = [(m.start(), m.end(), m.group(1)) for m in re.finditer(r"@(\w+)", post.text)]
    if mentions:
        entities["mentions"] = [{"start": s, "end": e, "username": u, "id": digits("x" + u, 18)} for s, e, u in mentions]
    if entities:
        tweet["entities"] = entities
    if post.ref:
        kind, original = post.ref
        tweet["referenced_tweets"] = [{"type": kind, "id": tweet_id(original)}]
        if kind == "replied_to":
            tweet["in_reply_to_user_id"] = digits("x" + original.author.handle, 18)
            tweet["conversation_id"] = tweet_id(original)
    return tweet


def render_x(posts: list[Post]) -> dict:
    """One `GET /2/tweets/search/recent` response holding every tweet, newest first, with expansions."""
    data = [x_tweet(p) for p in reversed(posts)]
    originals = {tweet_id(p.ref[1]): p.ref[1] for p in posts if p.ref}
    users = {p.author.handle: x_user(p.author) for p in posts}
    users.update({o.author.handle: x_user(o.author) for o in originals.values()})
    return {"data": data,
            "includes": {"users": list(users.values()), "tweets": [x_tweet(o) for o in originals.values()]},
            "meta": {"newest_id": data[0]["id"], "oldest_id": data[-1]["id"], "result_count": len(data)}}


def mastodon_html(post: Post, instance: str) -> str:
    """Status content as Mastodon renders it: paragraphs, hashtag and mention links."""
    def link(match: re.Match) -> str:
        word = match.group(0)
        if word.startswith("#"):
            tag = word[1:]
            return (f'<a href="https://{instance}/tags/{tag.lower()}" class="mention hashtag" rel="tag">'
                    f"#<span>{tag}</span></a>")
        return (f'<span class="h-card" translate="no"><a href="https://{instance}/@{word[1:]}" class="u-url mention">'
                f"@<span>{word[1:]}</span></a></span>")
    body = re.sub(r"[#@]\w+", link, html.escape(post.text, quote=False))
    return "".join(f"<p>{para}</p>" for para in body.split("\n\n"))


def mastodon_instance(handle: str) -> str:
    """The instance an account of the demo lives on (always the same one for a handle)."""
    return INSTANCES[int(digits("m" + handle, 6)) % len(INSTANCES)]


def bluesky_handle(handle: str) -> str:
    return f"{handle.lower().replace('_', '-')}.bsky.social"


def official_accounts(handle: str) -> tuple[str, ...]:
    """The own brand's accounts as each platform's API names them (`@OrbelleFR`, `orbellefr@…`, `….bsky.social`):
    the demo config declares them, so that its incident notices are not mentions of it."""
    return f"@{handle}", f"{handle.lower()}@{mastodon_instance(handle)}", bluesky_handle(handle)


def mastodon_status(post: Post) -> dict:
    account = post.author
    instance = mastodon_instance(account.handle)
    sid = str((int(post.published.timestamp() * 1000) << 16) | (post.number % 65536))
    username = account.handle.lower()
    return {
        "id": sid, "created_at": iso_ms(post.published), "in_reply_to_id": None, "in_reply_to_account_id": None,
        "sensitive": False, "spoiler_text": "", "visibility": "public", "language": post.lang,
        "uri": f"https://{instance}/users/{username}/statuses/{sid}", "url": f"https://{instance}/@{username}/{sid}",
        "replies_count": post.replies, "reblogs_count": post.shares, "favourites_count": post.likes,
        "quotes_count": post.quotes, "edited_at": None, "favourited": False, "reblogged": False, "muted": False,
        "bookmarked": False, "content": mastodon_html(post, instance), "filtered": [], "reblog": None,
        "account": {
            "id": digits("m" + account.handle, 18), "username": username, "acct": f"{username}@{instance}",
            "display_name": account.name, "locked": False, "bot": False, "discoverable": True, "indexable": True,
            "group": False, "created_at": account.created.strftime("%Y-%m-%dT00:00:00.000Z"), "note": "",
            "url": f"https://{instance}/@{username}", "uri": f"https://{instance}/users/{username}",
            "avatar": f"https://{instance}/avatars/original/missing.png",
            "avatar_static": f"https://{instance}/avatars/original/missing.png",
            "header": f"https://{instance}/headers/original/missing.png",
            "header_static": f"https://{instance}/headers/original/missing.png",
            "followers_count": account.followers, "following_count": account.following,
            "statuses_count": account.posts, "last_status_at": post.published.strftime("%Y-%m-%d"),
            "emojis": [], "fields": []},
        "media_attachments": [], "mentions": [],
        "tags": [{"name": t.lower(), "url": f"https://{instance}/tags/{t.lower()}"} for _, _, t in post.hashtags()],
        "emojis": [], "card": None, "poll": None,
    }


def render_mastodon(posts: list[Post]) -> dict:
    """One `GET /api/v2/search?type=statuses` response holding every status, newest first."""
    return {"accounts": [], "statuses": [mastodon_status(p) for p in reversed(posts)], "hashtags": []}


def bluesky_tid(post: Post) -> str:
    """A record key: microseconds since the epoch and a clock id, base32-sortable, 13 characters."""
    alphabet = "234567abcdefghijklmnopqrstuvwxyz"
    value = (int(post.published.timestamp() * 1_000_000) << 10) | (post.number % 1024)
    return "".join(alphabet[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def bluesky_post(post: Post) -> dict:
    account = post.author
    handle = bluesky_handle(account.handle)
    did = "did:plc:" + b32("did" + handle, 24)
    facets = []
    for start, end, tag in post.hashtags():
        byte_start = len(post.text[:start].encode())
        facets.append({"index": {"byteStart": byte_start, "byteEnd": byte_start + len(post.text[start:end].encode())},
                       "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}]})
    record = {"$type": "app.bsky.feed.post", "createdAt": iso_ms(post.published), "langs": [post.lang],
              "text": post.text}
    if facets:
        record["facets"] = facets
    return {
        "uri": f"at://{did}/app.bsky.feed.post/{bluesky_tid(post)}",
        "cid": "bafyrei" + b32(f"cid{post.number}", 52),
        "author": {"did": did, "handle": handle, "displayName": account.name,
                   "avatar": f"https://cdn.bsky.app/img/avatar/plain/{did}/bafkrei{b32(handle, 52)}@jpeg",
                   "viewer": {"muted": False, "blockedBy": False}, "labels": [],
                   "createdAt": iso_ms(account.created)},
        "record": record,
        "replyCount": post.replies, "repostCount": post.shares, "likeCount": post.likes, "quoteCount": post.quotes,
        "indexedAt": iso_ms(post.published + timedelta(milliseconds=250)),
        "viewer": {"threadMuted": False, "embeddingDisabled": False}, "labels": [],
    }


def render_bluesky(posts: list[Post]) -> dict:
    """One `GET /xrpc/app.bsky.feed.searchPosts` response holding every post, newest first."""
    return {"posts": [bluesky_post(p) for p in reversed(posts)]}


def render_bluesky_profiles(posts: list[Post]) -> dict:
    """One `GET /xrpc/app.bsky.actor.getProfiles` response for every author (search results lack follower counts)."""
    profiles = {}
    for post in posts:
        author = bluesky_post(post)["author"]
        account = post.author
        profiles[author["did"]] = {
            "did": author["did"], "handle": author["handle"], "displayName": account.name, "avatar": author["avatar"],
            "description": "", "followersCount": account.followers, "followsCount": account.following,
            "postsCount": account.posts, "indexedAt": author["createdAt"], "createdAt": author["createdAt"],
            "associated": {"lists": 0, "feedgens": 0, "starterPacks": 0, "labeler": False},
            "viewer": {"muted": False, "blockedBy": False}, "labels": []}
    return {"profiles": list(profiles.values())}


def reddit_id(post: Post) -> str:
    value, out = 1_900_000_000 + post.number * 37, ""
    while value:
        value, r = divmod(value, 36)
        out = "0123456789abcdefghijklmnopqrstuvwxyz"[r] + out
    return out


def reddit_link(post: Post) -> dict:
    rid = reddit_id(post)
    slug = re.sub(r"[^a-z0-9]+", "_", post.title.lower().encode("ascii", "ignore").decode()).strip("_")[:50]
    permalink = f"/r/{post.subreddit}/comments/{rid}/{slug}/"
    paragraphs = post.text.split("\n\n")
    return {"kind": "t3", "data": {
        "id": rid, "name": f"t3_{rid}", "title": post.title, "selftext": post.text,
        "selftext_html": ("<!-- SC_OFF --><div class=\"md\">" + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
                          + "</div><!-- SC_ON -->"),
        "author": post.author.handle, "author_fullname": "t2_" + b32("r" + post.author.handle, 8),
        "subreddit": post.subreddit, "subreddit_name_prefixed": f"r/{post.subreddit}",
        "subreddit_id": "t5_" + b32(post.subreddit, 5), "subreddit_subscribers": SUBREDDITS[post.subreddit],
        "subreddit_type": "public", "score": post.likes, "ups": post.likes, "downs": 0,
        "upvote_ratio": 0.55 if post.incident else 0.9, "num_comments": post.replies,
        "num_crossposts": post.shares // 20, "created": post.published.timestamp(),
        "created_utc": post.published.timestamp(), "permalink": permalink,
        "url": f"https://www.reddit.com{permalink}", "domain": f"self.{post.subreddit}", "is_self": True,
        "over_18": False, "spoiler": False, "locked": False, "stickied": False, "archived": False, "edited": False,
        "gilded": 0, "total_awards_received": 0, "distinguished": None, "link_flair_text": None, "thumbnail": "self",
        "hidden": False, "saved": False, "clicked": False, "visited": False, "likes": None, "removed_by_category": None,
    }}


def render_reddit(posts: list[Post]) -> dict:
    """One `GET /search` Listing holding every submission, newest first."""
    children = [reddit_link(p) for p in reversed(posts)]
    return {"kind": "Listing", "data": {"after": None, "dist": len(children), "modhash": "", "geo_filter": "",
                                        "children": children, "before": None}}


RESPONSES = {  # response name -> (platform of the posts, renderer, file)
    "x": ("x", render_x, "x/tweets_search_recent.json"),
    "mastodon": ("mastodon", render_mastodon, "mastodon/search_statuses.json"),
    "bluesky": ("bluesky", render_bluesky, "bluesky/feed_searchPosts.json"),
    "bluesky_profiles": ("bluesky", render_bluesky_profiles, "bluesky/actor_getProfiles.json"),
    "reddit": ("reddit", render_reddit, "reddit/search.json"),
}


def write_social(directory: Path, posts: list[Post]) -> dict[str, Path]:
    """Write the response files under `social/`; return response name -> relative path."""
    out = {}
    for name, (platform, render, file) in RESPONSES.items():
        rel = Path("social", file)
        (directory / rel).parent.mkdir(parents=True, exist_ok=True)
        payload = render([p for p in posts if p.platform == platform])
        (directory / rel).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        out[name] = rel
    return out

