"""The freelancer's fleet: every client workspace under a parent page.

Their recorded answers, and upgrades of them all to a newer version of their blueprint.

``answering`` resolves a blueprint with a workspace's recorded answers; ``clients`` lists the
fleet; ``migrate`` turns a blueprint's migrations into registry key renames and option moves;
``upgrade`` plans and applies one client's upgrade.
"""
