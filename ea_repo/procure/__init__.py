"""Procurement (issue #8): check vendor specifications against the kommune's requirement profiles.

- ``profiles``: requirement profiles (catalog/procurement-profiles.ttl, or a kommune's own YAML file);
- ``shapes``: one generic function turning a profile into SHACL;
- ``spec``: vendor specifications from XLSX, JSON or Turtle;
- ``evaluate``: verdict, score and Findings; saving and listing evaluations in the repository;
- ``landscape``: fit with a kommune's landscape (integrations needed, findings fixed or introduced);
- ``documents``: the requirement annex, the vendor comparison and the vendor template.
"""

from .evaluate import Evaluation, as_dict, check_result, evaluate, history, rank, save
from .profiles import Profile, ProfileRequirement, get_profile, load_kommune_profile, shipped_profiles
from .shapes import profile_shapes
from .spec import Spec, load_spec

__all__ = [
    "Evaluation",
    "Profile",
    "ProfileRequirement",
    "Spec",
    "as_dict",
    "check_result",
    "evaluate",
    "get_profile",
    "history",
    "load_kommune_profile",
    "load_spec",
    "profile_shapes",
    "rank",
    "save",
    "shipped_profiles",
]
