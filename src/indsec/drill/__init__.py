"""Drills: a reversible ransomware simulation in a sandbox it owns, and tabletop records.

The plan asks enterprises to rehearse ransomware attacks; a drill here runs the real telemetry
readers and detection engine on a simulated encryption and measures how soon indsec noticed.
"""
