"""PAFACA (Pub. L. 118-50, Div. H): one rule object per clause of §2(g)(1), §2(g)(3)(A) and
§2(g)(6)(B).

A divestiture qualifies only if the divested business is no longer "controlled by a foreign
adversary" (§2(g)(6)(A), tested by the three §2(g)(1) prongs on the target), is not operated by
ByteDance or an entity it controls (§2(g)(3)(A)), and no operational relationship remains with
formerly affiliated entities controlled by a foreign adversary (§2(g)(6)(B)). The President's
determination itself is a fact no rule can compute.
"""

from __future__ import annotations

from .control import ForeignAdversaryDirection, ForeignAdversaryOwnership, ForeignAdversaryPerson
from .operation import OperatedBy
from .relationships import (
    AlgorithmCooperation,
    DataSharing,
    OperationalRelationship,
    RelationshipRule,
)

__all__ = [
    "AlgorithmCooperation",
    "DataSharing",
    "ForeignAdversaryDirection",
    "ForeignAdversaryOwnership",
    "ForeignAdversaryPerson",
    "OperatedBy",
    "OperationalRelationship",
    "RelationshipRule",
]
