"""Beneficial Ownership Data Standard 0.4: read statements into a Deal, write a Deal back.

Reading (``read_bods``): entity and person records become parties, relationship records become
stakes and control rights. Only *direct* interests count (BODS ``indirect`` interests summarise
chains the look-through traces itself). ``shareholding`` gives equity, ``votingRights`` voting; a
share published as ``minimum``/``maximum`` becomes a range (so the rules give bounds). An owner
the publisher could not identify becomes a party of unknown jurisdiction holding 0–100 % of what
is left: the check is then honest about not knowing. Records with ``recordStatus = "closed"`` and
interests with a past ``endDate`` are dropped. Any malformed statement raises one
``InvalidDealError`` naming the statement and field; nothing is half-loaded.

Country links, deal file → BODS 0.4 (reading goes the other way):

* ``organized_in``: an entity's ``jurisdiction``;
* ``headquartered_in``: an entity's ``business`` address;
* ``principal_place_of_business``: an entity's ``business`` address, annotated as such;
* ``domiciled_in``: an entity's ``registered`` address, a person's ``residence`` address;
* a person's other links: ``alternative`` addresses, annotated with the link.

Reading data from elsewhere: a subdivision (``US-DE``) counts as its country; an entity's first
plain ``business`` address is its headquarters and a second, in another country, its principal
place of business; a person with no residence is domiciled where they are tax resident, else
(with ``nationality_as_domicile``) in their first nationality, and a note says so. Any other
country the records give (a further address, another nationality) is listed in the party's note,
never dropped silently.

Writing (``write_bods``) is lossless for what BODS can hold: parties with their kinds, names,
notes and every country link; stakes and their ranges, exactly; control rights. Where BODS's own
terms are not enough, an *annotation* (BODS's place for structured additions) says what is meant,
in one custom property: ``link`` (which country link an address is), ``partyKind`` (``fund``,
which BODS has no entity type for), ``controlRight`` (the kind of a control right) and
``exactFraction`` (a share that no decimal number gives exactly, such as 1/3, as ``"1/3"`` of the
whole; the number beside it is rounded). Boards, officers, arrangements, operations and China's
export licence are not part of BODS and are not written.
"""

from __future__ import annotations

from .read import load_bods, read_bods
from .write import write_bods

__all__ = ["load_bods", "read_bods", "write_bods"]
