"""NetMed's CardDAV and CalDAV server: Radicale (``radicale.app.Application``) with three plugins
that read and write through NetMed's models instead of Radicale's own files.

- ``Auth``: HTTP Basic with the account email and an app password (``sync.app_passwords``);
  the account password never works here, and the web login never takes an app password.
- ``Rights``: a doctor reaches only their own principal; the address book is read-write, the
  calendar read-only (a PUT or DELETE there is 403), nothing else can be created or deleted.
- ``Storage``: the paths are ``/<principal>/contacts/<card>.vcf`` and
  ``/<principal>/calendar/<entry>.ics``; ``<principal>`` is the doctor's ``SyncAccount`` id.
  Items are built lazily: listing a collection reads ETags from the database, and vCard or
  iCalendar text is written only for the items a client fetches, a thousand at a time.

Radicale handles the protocol (PROPFIND, REPORT with multiget, time-range and sync-collection,
If-Match, the XML); ``sync.views.dav`` hands it each request under ``/dav/``.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator

from django.db import transaction
from django.utils import timezone
from radicale import auth as radicale_auth
from radicale import config as radicale_config
from radicale import item as radicale_item
from radicale import pathutils
from radicale import rights as radicale_rights
from radicale import storage as radicale_storage
from radicale.app import Application

from . import app_passwords, calendar_items, cards

CONTACTS = "contacts"
CALENDAR = "calendar"
BATCH = 1000
SYNC_TOKEN = "http://netmed.local/ns/sync/"

_request = threading.local()


def _http_date(moment=None) -> str:
    return email.utils.format_datetime(moment or timezone.now(), usegmt=True)


def _owner(principal: str):
    """The doctor behind a principal name, once per request, and only the signed-in one's."""
    cache = getattr(_request, "owners", None)
    if cache is None:
        cache = _request.owners = {}
    if principal not in cache:
        if principal != getattr(_request, "user", None):
            cache[principal] = None
        else:
            cache[principal] = app_passwords.user_for_principal(principal)
    return cache[principal]


# --- items ----------------------------------------------------------------------------------


class LazyItem(radicale_item.Item):
    """An item whose text is written only when a client asks for it (``load`` returns it)."""

    def __init__(self, *, load: Callable[[], str], **kwargs) -> None:
        super().__init__(text="", **kwargs)
        self._text = None
        self._load = load

    def serialize(self) -> str:
        if self._text is None:
            self._text = self._load()
        return self._text

    @property
    def vobject_item(self):
        if self._vobject_item is None:
            self.serialize()
        return super().vobject_item


class _Batch:
    """Writes the vCards of up to ``BATCH`` contacts together the first time one is needed."""

    def __init__(self, owner, refs: list[cards.CardRef]) -> None:
        self.doctor, self.refs, self.texts = owner, refs, None

    def text(self, ref: cards.CardRef) -> str:
        if self.texts is None:
            self.texts = cards.card_texts(self.doctor, self.refs)
        return self.texts[ref.contact_id]


# --- collections ----------------------------------------------------------------------------


class Collection(radicale_storage.BaseCollection):
    """The root and a doctor's principal: folders with nothing in them but collections."""

    # The properties a client reads (displayname, description, …); the address book and the
    # calendar name theirs.
    META: dict = {}

    def __init__(self, path: str) -> None:
        self._path = path

    @property
    def path(self) -> str:
        return self._path

    def get_meta(self, key=None):
        return dict(self.META) if key is None else self.META.get(key)

    def set_meta(self, props) -> None:
        raise ValueError("NetMed's collections cannot be changed from a client.")

    @property
    def last_modified(self) -> str:
        return _http_date()

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self._path.encode()).hexdigest()[:32] + '"'

    def get_all(self):
        return []

    def get_multi(self, hrefs):
        return [(href, None) for href in hrefs]

    def has_uid(self, uid: str) -> bool:
        return False

    def upload(self, href, item):
        raise ValueError("Nothing can be stored here.")

    def delete(self, href=None) -> None:
        raise ValueError("Nothing can be deleted here.")


class AddressBook(Collection):
    META = {
        "tag": "VADDRESSBOOK",
        "D:displayname": "NetMed contacts",
        "CR:addressbook-description": "Your NetMed contacts (not those in the Trash)",
    }

    def __init__(self, path: str, owner) -> None:
        super().__init__(path)
        self.doctor = owner
        self._tag = None

    def set_meta(self, props) -> None:
        """Clients set a colour or a name for their own display; NetMed keeps its own."""

    @property
    def etag(self) -> str:
        if self._tag is None:
            self._tag = cards.address_book_tag(self.doctor)
        return f'"{self._tag}"'

    def sync(self, old_token: str = ""):
        token = SYNC_TOKEN + self.etag.strip('"')
        if old_token == token:
            return token, []
        if old_token:
            raise ValueError("Sync token out of date: sync again from the start.")
        return token, (ref.href for ref in cards.card_index(self.doctor))

    def _items(self, refs: Iterable[cards.CardRef]) -> Iterator[LazyItem]:
        batch: list[cards.CardRef] = []
        for ref in refs:
            batch.append(ref)
            if len(batch) >= BATCH:
                yield from self._batch_items(batch)
                batch = []
        yield from self._batch_items(batch)

    def _batch_items(self, refs: list[cards.CardRef]) -> Iterator[LazyItem]:
        loader = _Batch(self.doctor, refs)
        for ref in refs:
            yield self.item(ref, load=lambda ref=ref: loader.text(ref))

    def item(self, ref: cards.CardRef, load=None) -> LazyItem:
        if load is None:
            single = _Batch(self.doctor, [ref])

            def load() -> str:
                return single.text(ref)

        return LazyItem(
            load=load,
            collection=self,
            href=ref.href,
            etag=ref.etag,
            uid=ref.uid,
            name="VCARD",
            component_name="",
            last_modified=_http_date(ref.updated_at),
            time_range=(0, calendar_items.FOREVER),
        )

    def get_all(self):
        return self._items(cards.card_index(self.doctor))

    def get_multi(self, hrefs):
        hrefs = list(hrefs)
        refs = {ref.href: ref for ref in cards.card_index(self.doctor, hrefs=hrefs)}
        items = {item.href: item for item in self._items(refs.values())}
        return [(href, items.get(href)) for href in hrefs]

    def has_uid(self, uid: str) -> bool:
        return cards.has_uid(self.doctor, uid)

    def ref(self, href: str) -> cards.CardRef | None:
        cards.lock_href(self.doctor, href)
        return next(iter(cards.card_index(self.doctor, hrefs=[href])), None)

    def upload(self, href: str, item: radicale_item.Item):
        old = self.ref(href)
        try:
            contact_id = cards.save_card(
                owner=self.doctor, ref=old, href=href, uid=item.uid, card=item.vobject_item
            )
        except cards.StaleCard as error:
            raise ValueError("The contact changed in NetMed: fetch it again.") from error
        new = next(iter(cards.card_index(self.doctor, ids=[contact_id])))
        return self.item(new), (self.item(old) if old else None)

    def delete(self, href=None) -> None:
        if href is None:
            raise ValueError("The address book itself cannot be deleted.")
        ref = self.ref(href)
        if ref is not None:
            cards.trash_card(owner=self.doctor, ref=ref)


class Calendar(Collection):
    META = {
        "tag": "VCALENDAR",
        "D:displayname": "NetMed",
        "C:calendar-description": "Events, deadlines, follow-ups, keeping in touch, mentoring, "
        "birthdays and renewals from NetMed (read-only)",
        "C:supported-calendar-component-set": "VEVENT",
    }

    def __init__(self, path: str, owner) -> None:
        super().__init__(path)
        self.doctor = owner
        self._entries = None

    def set_meta(self, props) -> None:
        """Clients set a colour or a name for their own display; NetMed keeps its own."""

    @property
    def entries(self) -> dict[str, calendar_items.CalendarEntry]:
        if self._entries is None:
            self._entries = {e.href: e for e in calendar_items.entries(self.doctor)}
        return self._entries

    @property
    def etag(self) -> str:
        digest = hashlib.sha256()
        for href, entry in sorted(self.entries.items()):
            digest.update(f"{href}{entry.etag}".encode())
        return '"' + digest.hexdigest()[:40] + '"'

    def sync(self, old_token: str = ""):
        token = SYNC_TOKEN + self.etag.strip('"')
        if old_token == token:
            return token, []
        if old_token:
            raise ValueError("Sync token out of date: sync again from the start.")
        return token, list(self.entries)

    def item(self, entry: calendar_items.CalendarEntry) -> LazyItem:
        return LazyItem(
            load=entry.build,
            collection=self,
            href=entry.href,
            etag=entry.etag,
            uid=entry.uid,
            name="VCALENDAR",
            component_name="VEVENT",
            last_modified=_http_date(),
            time_range=entry.time_range,
        )

    def get_all(self):
        return [self.item(entry) for entry in self.entries.values()]

    def get_multi(self, hrefs):
        found = self.entries
        return [(href, self.item(found[href]) if href in found else None) for href in list(hrefs)]

    def has_uid(self, uid: str) -> bool:
        return any(entry.uid == uid for entry in self.entries.values())


# --- plugins --------------------------------------------------------------------------------


class Storage(radicale_storage.BaseStorage):
    def discover(self, path, depth="0", child_context_manager=None, user_groups=frozenset()):
        parts = [p for p in pathutils.strip_path(path).split("/") if p]
        if not parts:
            yield Collection("")
            return
        owner = _owner(parts[0])
        if owner is None:
            return
        principal = parts[0]
        if len(parts) == 1:
            yield Collection(principal)
            if depth != "0":
                yield AddressBook(f"{principal}/{CONTACTS}", owner)
                yield Calendar(f"{principal}/{CALENDAR}", owner)
            return
        kind = {CONTACTS: AddressBook, CALENDAR: Calendar}.get(parts[1])
        if kind is None or len(parts) > 3:
            return
        collection = kind(f"{principal}/{parts[1]}", owner)
        if len(parts) == 3:
            if kind is AddressBook and getattr(_request, "mode", "r") == "w":
                cards.lock_href(owner, parts[2])
            found = collection.get_multi([parts[2]])[0][1]
            if found is not None:
                yield found
            return
        yield collection
        if depth != "0":
            yield from collection.get_all()

    def move(self, item, to_collection, to_href) -> None:
        raise ValueError("Cards cannot be moved.")

    def create_collection(self, href, items=None, props=None):
        raise ValueError("NetMed's collections are fixed.")

    @contextlib.contextmanager
    def acquire_lock(self, mode: str, user: str = "", *args, **kwargs):
        """Not a lock: each request runs in its own database transaction when it writes, and a
        card being written is locked row by row (``cards.lock_href``)."""
        _request.user, _request.mode, _request.owners = user, mode, {}
        try:
            if mode == "w":
                with transaction.atomic():
                    yield
            else:
                yield
        finally:
            _request.mode = "r"

    def verify(self) -> bool:
        return True


class Auth(radicale_auth.BaseAuth):
    def _login(self, login: str, password: str) -> str:
        user = app_passwords.authenticate(email=login, password=password)
        if user is None:
            return ""
        principal = app_passwords.principal_for(user)
        _request.user = principal
        return principal


class Rights(radicale_rights.BaseRights):
    def authorization(self, user: str, user_groups, path: str) -> str:
        if not user:
            return ""
        parts = [p for p in pathutils.strip_path(path).split("/") if p]
        if not parts:
            return "R"
        if parts[0] != user:
            return ""
        if len(parts) == 1:
            return "R"
        if len(parts) == 2:
            return {CONTACTS: "rw", CALENDAR: "r"}.get(parts[1], "")
        return ""


def _configuration() -> radicale_config.Configuration:
    configuration = radicale_config.load()
    configuration.update(
        {
            "auth": {"type": Auth, "delay": "0.5", "realm": "NetMed (use an app password)"},
            "rights": {
                "type": Rights,
                "permit_delete_collection": "False",
                "permit_overwrite_collection": "False",
            },
            "storage": {"type": Storage, "predefined_collections": "{}"},
            "web": {"type": "none"},
            "server": {
                "max_content_length": str(10 * 1024 * 1024),
                "max_resource_size": str(8 * 1024 * 1024),
            },
            "logging": {"level": "warning", "mask_passwords": "True"},
        },
        "netmed",
        privileged=True,
    )
    return configuration


_application: Application | None = None
_application_lock = threading.Lock()


def application() -> Application:
    """Radicale's WSGI application with NetMed's plugins, made once per process."""
    global _application
    with _application_lock:
        if _application is None:
            _application = Application(_configuration())
            logging.getLogger("radicale").setLevel(logging.WARNING)
    return _application
