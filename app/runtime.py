"""Builds the Application and runs it: durable inbox in, outbox sender out.

Resources are opened in post_init and closed in post_shutdown (python-telegram-bot's hooks),
and every handler is registered in one place (handlers.register).

Several instances on one PostgreSQL database: each serves the webhook (storing every update it
is given before answering), and exactly one leads: it handles the inbox, runs the sender and the
scheduler, and in polling mode polls. The others stand by and take the lead within a second of
the leader's death (storage/postgres.py: the lead is a lock held by its connection). A process
initialises the Application (which reads the conversation states and drafts) only when it takes
the lead, so it starts from what the dead leader last committed; and only the leader handles
updates, so no two processes ever hold a person's conversation at once. On SQLite the one
process leads from the start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

from telegram.constants import ParseMode
from telegram.ext import Application, ContextTypes, Defaults

from app import handlers
from core import events, scheduler
from core.areas import AreaDirectory
from core.clock import Clock
from core.deps import DEPS_KEY, Deps
from core.settings import Settings
from delivery.hooks import DeliveryHooks
from delivery.poller import Poller
from delivery.rate_limit import SlidingWindowLimiter
from delivery.sender import Sender
from delivery.telegram_http import bot_api_request
from delivery.webhook import WebhookServer
from features.campaigns.actions import CampaignBatches
from features.centres import admin, digest
from features.centres.unreachable import UnreachableChats
from features.meetings import jobs as meeting_jobs
from features.nudges import actions as nudges
from features.privacy import inactive
from features.reports import alerts as report_alerts
from features.reports import jobs as report_jobs
from storage import connect, users
from storage.db import Database
from storage.persistence import SqlitePersistence
from ui import deeplinks, menus
from ui.common import Context

log = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]
SCHEDULER_MAX_SLEEP = 30.0
UPDATES_REQUEST_KEY = "golmok.updates_request"
DB_KEY = "golmok.db"
CLOCK_KEY = "golmok.clock"
LEAD_POLL = 1.0  # seconds between a standby's tries to take the lead
LEAD_CHECK = 2.0  # seconds between the leader's checks that its lead still holds
INBOX_POLL = 1.0  # on PostgreSQL the leader also looks at the inbox this often (notices can be lost)


class LeadLost(RuntimeError):
    """The database no longer has this process as the leader: it must stop acting at once."""


# The features with scheduled work: each registers its kinds (and what it arms at start) with
# the scheduler, which knows none of them.
FEATURE_JOBS = (report_jobs, digest, inactive, nudges, meeting_jobs)


def wire_features() -> None:
    """Everything a feature hands the kernel, in one place: its scheduled kinds, what it does when
    another feature announces an event, and what a /start link of its kind does."""
    for feature in FEATURE_JOBS:
        feature.register_jobs()
    events.on_group_linked(report_alerts.alert_backlog)
    deeplinks.on_invite(admin.join_with)  # registration's /start hands invites to the centres


def build_application(settings: Settings, clock: Clock | None = None) -> App:
    wire_features()
    db = connect.database(settings.database_dsn, settings.database_path)
    clock = clock or Clock()
    areas = AreaDirectory.load()

    async def post_init(app: App) -> None:
        await db.open()
        # The features' decisions the sender needs (it imports no feature).
        hooks = DeliveryHooks(
            batches=CampaignBatches(settings), unreachable=UnreachableChats(settings, areas)
        )
        sender = Sender(app.bot, db, clock, hooks)
        app.bot_data[DEPS_KEY] = Deps(settings, db, clock, areas, wake_sender=sender.wake)
        app.bot_data["golmok.sender"] = sender
        app.bot_data[UPDATES_REQUEST_KEY] = updates_request

    async def post_shutdown(app: App) -> None:
        await db.close()

    limiter = SlidingWindowLimiter()
    # Kept: the poller calls getUpdates through it directly (see delivery.poller).
    updates_request = bot_api_request(1, settings.http_timeout)
    app: App = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        # PTB's HTTPXRequest, telling the limiter when each call has gone out.
        .request(bot_api_request(256, settings.http_timeout, on_sent=limiter.sent))
        .get_updates_request(updates_request)
        .updater(None)  # replaced by delivery.poller: nothing is confirmed before it is stored
        .job_queue(None)  # the scheduler is one asyncio task (Runtime._run_scheduler)
        .persistence(SqlitePersistence(db, update_interval=3600))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.zone))
        .context_types(ContextTypes(context=Context))  # handlers' typed context: deps, lang()
        # Every call to a chat is paced to Telegram's limits here (delivery/rate_limit.py); the
        # sender takes its places in the same limiter before it sends, and handles a 429 itself.
        .rate_limiter(limiter)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    handlers.register(app)
    app.bot_data[DB_KEY] = db
    app.bot_data[CLOCK_KEY] = clock
    return app


class Runtime:
    """Start and stop the bot in an order that finishes work in flight and loses nothing."""

    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.app = build_application(settings, clock)
        self.db: Database = self.app.bot_data[DB_KEY]
        self.clock: Clock = self.app.bot_data[CLOCK_KEY]
        self.poller: Poller | None = None
        self.sender: Sender | None = None
        self.webhook: WebhookServer | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._tasks_changed = asyncio.Event()
        # Set to look at the scheduled table now (the sandbox moved its clock, or a stop).
        self._due = asyncio.Event()
        # Set when an update was stored (by this process's webhook, or another's: a notice).
        self._inbox_due = asyncio.Event()
        self._stopping = False
        self.leading = False

    @property
    def deps(self) -> Deps:
        deps = self.app.bot_data[DEPS_KEY]
        assert isinstance(deps, Deps)
        return deps

    async def start(self) -> None:
        """Start everything; if any step fails, close what was opened and raise the error.
        Returns leading, or standing by (on PostgreSQL, while another instance leads)."""
        try:
            await self._start()
        except BaseException:
            await self._abort()
            raise

    async def _abort(self) -> None:
        """Undo a start that failed part way (Telegram out of reach, a refused setWebhook), so
        the process can exit with one line instead of leaking HTTP sessions and an open port."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        if self.webhook is not None:
            with contextlib.suppress(Exception):
                await self.webhook.stop()
        with contextlib.suppress(Exception):
            if self.app.running:
                await self.app.stop()
        # Application.shutdown does nothing unless initialize finished; close the transports
        # ourselves (closing one twice is harmless).
        with contextlib.suppress(Exception):
            await self.app.shutdown()
        for request in (self.app.bot.request, self.app.bot._request[0]):
            with contextlib.suppress(Exception):
                await request.shutdown()
        with contextlib.suppress(Exception):
            await self.db.close()

    async def _start(self) -> None:
        await self.app.bot.initialize()  # getMe: a wrong token or no Telegram ends the start here
        await self.db.open()  # migrates (one instance at a time on PostgreSQL)
        settings = self.settings
        if settings.webhook_url and settings.webhook_secret is not None:
            # Every instance serves the webhook, leading or not: whichever one the load
            # balancer picks stores the update before it answers.
            secret = settings.webhook_secret.get_secret_value()
            self.webhook = WebhookServer(
                self.db, self.clock, secret, settings.webhook_listen, settings.webhook_port,
                on_stored=self._inbox_due.set,
            )  # fmt: skip
            await self.webhook.start()
            # A 429 (another instance set it a moment ago) is waited out by the rate limiter.
            await self.app.bot.set_webhook(
                settings.webhook_url, secret_token=secret, allowed_updates=list(handlers.UPDATE_TYPES)
            )
            self.webhook.ready = True
        if await self.db.try_lead():
            await self._lead()
        else:
            log.info("another instance leads: standing by to take over")
        if self.db.shared:
            self._add_task(self._hold_lead(), "lead")
        log.info("golmok is running")

    async def _lead(self) -> None:
        """This process has the lead: read the conversations as the database has them now, and
        start handling, sending and scheduling."""
        self.leading = True
        await self.app.initialize()
        if self.app.post_init is not None:
            await self.app.post_init(self.app)
        await self.app.start()
        deps = self.deps
        sender = self.app.bot_data["golmok.sender"]
        assert isinstance(sender, Sender)
        self.sender = sender
        updates_request = self.app.bot_data[UPDATES_REQUEST_KEY]
        self.poller = Poller(
            self.app, deps.db, deps.clock, self.settings.polling_timeout, updates_request,
            wake_sender=sender.wake, update_types=handlers.UPDATE_TYPES,
        )  # fmt: skip
        await scheduler.start(deps)
        await self._warn_unreachable_admins(deps)
        await menus.publish(self.app.bot, deps)
        self._add_task(sender.run(), "sender")
        self._add_task(self._run_scheduler(deps), "scheduler")
        if self.webhook is not None:
            every = INBOX_POLL if self.db.shared else None
            self._add_task(self.poller.follow(self._inbox_due, every), "inbox")
            if self.db.shared:
                self._add_task(self._listen(), "inbox notices")
        else:
            # Long polling, the default; a webhook left from an earlier run would block getUpdates.
            await self.app.bot.delete_webhook()
            self._add_task(self.poller.run(), "poller")
        log.info("this instance leads")

    async def _hold_lead(self) -> None:
        """On PostgreSQL: stand by until the lead is free and take it; then check that it holds,
        and end the process (LeadLost, or the connection's error) the moment it does not, since
        another instance may lead by then."""
        while not self.leading:
            await asyncio.sleep(LEAD_POLL)
            if self._stopping:
                return
            if await self.db.try_lead():
                log.info("the leading instance is gone: taking over")
                await self._lead()
        while not self._stopping:
            await asyncio.sleep(LEAD_CHECK)
            if not self._stopping and not await self.db.still_leading():
                raise LeadLost("this instance lost the lead (its database session was ended)")

    async def _listen(self) -> None:
        """Wake the inbox when another instance stored an update. If the listening connection
        breaks, the inbox is still looked at every INBOX_POLL seconds; listen again."""
        while not self._stopping:
            try:
                async for _ in self.db.inbox_notices():
                    self._inbox_due.set()
            except Exception as exc:
                log.warning("inbox notices stopped (%s); listening again", type(exc).__name__)
            await asyncio.sleep(LEAD_POLL)

    def _add_task(self, work: Coroutine[Any, Any, None], name: str) -> None:
        self._tasks.append(asyncio.create_task(work, name=name))
        self._tasks_changed.set()

    async def _warn_unreachable_admins(self, deps: Deps) -> None:
        """One line for the operator: admins the bot cannot write to yet. Alerts to them are
        kept (parked) until they send the bot /start, but nobody sees them until then."""
        async with deps.db.transaction() as tx:
            missing = await users.never_reached(tx, tuple(self.settings.admin_user_ids))
        if missing:
            # Ids only: they are configuration, not personal data like names.
            log.warning(
                "admins %s cannot be written to yet (never sent /start, or blocked the bot): "
                "alerts to them wait until they send the bot /start",
                ", ".join(str(admin_id) for admin_id in missing),
            )

    async def _run_scheduler(self, deps: Deps) -> None:
        """The scheduler's one loop: handle what is due, then sleep until the next item is due,
        and at least every 30 seconds (something may have been scheduled meanwhile), or until
        woken. One pass at a time; a pass that fails is logged and the loop goes on."""
        while not self._stopping:
            self._due.clear()
            delay = SCHEDULER_MAX_SLEEP
            try:
                await scheduler.run_due(deps)
                wait = await scheduler.seconds_until_next(deps)
                delay = SCHEDULER_MAX_SLEEP if wait is None else min(SCHEDULER_MAX_SLEEP, max(0.2, wait))
            except Exception:
                log.exception("scheduler pass failed; trying again in %.0f s", delay)
            if self._stopping:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._due.wait(), timeout=delay)

    def wake(self) -> None:
        """Look at what is due now: the sandbox moved its clock forward."""
        self._due.set()
        if self.sender is not None:
            self.sender.wake()

    async def wait(self) -> None:
        """Until a task ends by itself (an invalid token, a lost lead, say): its error is raised
        here. Tasks started later (when a standby takes the lead) are waited for too."""
        while True:
            self._tasks_changed.clear()
            changed = asyncio.ensure_future(self._tasks_changed.wait())
            done, _ = await asyncio.wait([*self._tasks, changed], return_when=asyncio.FIRST_COMPLETED)
            changed.cancel()
            for task in done:
                if task is not changed:
                    if not task.cancelled():  # cancelled: by stop(), which is under way
                        task.result()
                    return

    async def stop(self) -> None:
        self._stopping = True  # the scheduler ends after the pass in hand; a standby stops trying
        if self.poller is not None:
            self.poller.stop()
        if self.webhook is not None:
            await self.webhook.stop()
        if self.sender is not None:
            self.sender.stop()
        self._due.set()
        for task in self._tasks:
            if task.get_name() in ("lead", "inbox notices"):
                task.cancel()  # they only wait; the lead goes with the connection
        # Handlers in flight finish; the poller stops between updates, never inside one.
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
                log.error("task ended with an error", exc_info=result)
        if self.sender is not None:
            # Every call has finished: what Telegram's windows hold now is kept for the next start.
            try:
                await self.sender.save_windows()
            except Exception:
                log.exception("could not save the rate limiter's windows")
        if self.app.running:
            await self.app.stop()
        if self.leading:
            await self.app.shutdown()
            if self.app.post_shutdown is not None:
                await self.app.post_shutdown(self.app)
        else:
            await self.app.bot.shutdown()
            await self.db.close()
        log.info("golmok stopped")
