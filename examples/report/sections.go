package main

// sections is the report's body, in print order. SECTIONS.md explains how
// to add one.
var sections = []Section{
	surveySection,
	retentionSection,
	revenueSection,
	clvSection,
	pipelineSection,
	leadsSection,
	supportSection,
	engagementSection,
	healthSection,
	segmentSection,
}
