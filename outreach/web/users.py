"""Turn a name, roles and a password into a web user, and changes to users into audit entries.

Roles: `coach` (their own caseload), `communicatie` (flyers, letters, mail merges, templates,
pictograms), `taaladviseur` (texts and their level) and `beheer` (users). One person may have
several. A user with the coach role is linked to a coach and signs in with the coach's name.
The CLI (`outreach web user add`) and the Beheer page call these same functions; every change
goes into the audit trail with who and when, ids and field names only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import db, fields
from ..errors import ConflictError, InputError, NotFoundError, Where
from ..texts import t
from .accounts import Account, User, check_password, store_password, to_user

ROLES = ("coach", "communicatie", "taaladviseur", "beheer")


def check_roles(roles: Iterable[str]) -> list[str]:
    """The roles in a fixed order, each checked; at least one."""
    given = {r.strip().lower() for r in roles if r.strip()}
    wrong = sorted(given - set(ROLES))
    if wrong:
        raise InputError(t("web.role_unknown", role=wrong[0], roles=", ".join(ROLES)), Where(field="rol"))
    if not given:
        raise InputError(t("web.role_missing", roles=", ".join(ROLES)), Where(field="rol"))
    return [r for r in ROLES if r in given]


def _audit(session: Session, who: str, action: str, account_id: int, names: list[str]) -> None:
    from ..tracking.service import Actor, audit

    audit(session, Actor(who[:100]), action, "web_user", account_id, names=names)


def _coach_id(session: Session, coach: str | None, name: str) -> int:
    """The id of the coach this coach account belongs to (named, or with the user's own name)."""
    from ..tracking.service import find_coach

    try:
        found = find_coach(session, coach or name)
    except NotFoundError:
        raise InputError(t("web.user_needs_coach", name=(coach or name)[:100]), Where(field="coach")) from None
    if session.scalar(select(Account.id).where(Account.coach_id == found.id)) is not None:
        raise ConflictError(t("web.coach_has_account", name=found.name), Where(field="coach"))
    return found.id


def add_user(session: Session, who: str, name: str, roles: Iterable[str], password: str,
             coach: str | None = None) -> Account:
    """A new user. With the coach role the account is linked to coach `coach` (default: same name)."""
    name = " ".join((name or "").split())
    if not name:
        raise InputError(t("web.user_name_missing"), Where(field="naam"))
    db.check_lengths(Account, {"name": name})
    checked = check_roles(roles)
    check_password(password)
    if session.scalar(select(Account.id).where(Account.name_key == fields.fold(name))) is not None:
        raise ConflictError(t("web.user_exists", name=name), Where(field="naam"))
    coach_id = _coach_id(session, coach, name) if "coach" in checked else None
    account = Account(name=name, name_key=fields.fold(name), roles=",".join(checked), active=True,
                      coach_id=coach_id, session_version=0, password_hash="")
    store_password(account, password)
    session.add(account)
    session.flush()
    _audit(session, who, "create", account.id, ["name", "roles", "password_hash"] + (["coach_id"] if coach_id else []))
    return account


def find_user(session: Session, name: str) -> Account:
    """The account that signs in with `name` (a user's own name or a coach's), or a Dutch NotFoundError."""
    from .accounts import find_account

    account = find_account(session, name or "")
    if account is None:
        raise NotFoundError(t("web.user_unknown", name=" ".join((name or "").split())[:100]), Where(field="naam"))
    return account


def _is_admin(account: Account, roles: str | None = None, active: bool | None = None) -> bool:
    return bool(account.active if active is None else active) and "beheer" in (account.roles if roles is None
                                                                               else roles).split(",")


def _keep_an_admin(session: Session, account: Account, roles: str, active: bool) -> None:
    """ConflictError when this change would leave nobody who can use Beheer."""
    if not _is_admin(account) or _is_admin(account, roles, active):
        return
    others = session.scalars(select(Account).where(Account.id != account.id, Account.active.is_(True)))
    if not any(_is_admin(other) for other in others):
        raise ConflictError(t("web.user_last_admin"), Where(field="rol"))


def change_user(session: Session, who: str, account_id: int, *, roles: Iterable[str] | None = None,
                active: bool | None = None, password: str | None = None, by: int | None = None) -> Account:
    """Change roles, active or password; a change of roles or deactivation ends the user's sessions.

    `by`: the account making the change (web), which cannot stop itself. Nobody can stop the
    last active user with the role beheer or take that role away from them.
    """
    account = session.get(Account, account_id)
    if account is None:
        raise NotFoundError(t("web.user_not_found"))
    if active is False and by is not None and by == account.id:
        raise ConflictError(t("web.user_stop_self"), Where(field="actief"))
    new_roles = ",".join(check_roles(roles)) if roles is not None else account.roles
    _keep_an_admin(session, account, new_roles, account.active if active is None else active)
    changed: list[str] = []
    if roles is not None:
        checked = check_roles(roles)
        if "coach" in checked and account.coach_id is None:
            account.coach_id = _coach_id(session, None, account.name or "")
            changed.append("coach_id")
        if ",".join(checked) != account.roles:
            account.roles = ",".join(checked)
            changed.append("roles")
    if active is not None and active != account.active:
        account.active = active
        changed.append("active")
    if changed:
        account.session_version = (account.session_version or 0) + 1  # new rights from the next sign-in
    if password:
        store_password(account, password)
        changed.append("password_hash")
    if changed:
        _audit(session, who, "update", account.id, changed)
    return account


@dataclass(frozen=True)
class Listed:
    user: User
    active: bool


def list_users(session: Session) -> list[Listed]:
    """Every user, by name, with roles and whether they may sign in."""
    accounts = list(session.scalars(select(Account)))
    listed = [Listed(to_user(session, a), bool(a.active)) for a in accounts]
    return sorted(listed, key=lambda item: fields.fold(item.user.name))
