<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- English plural forms for the %n strings (tr() with a count). Compile: pyside6-lrelease this file -->
<TS version="2.1" language="en_GB">
<context>
    <name>ChairBoard</name>
    <message numerus="yes">
        <source>%n chair(s) in use · %1 high · %2 medium · %3 low</source>
        <translation>
            <numerusform>%n chair in use · %1 high · %2 medium · %3 low</numerusform>
            <numerusform>%n chairs in use · %1 high · %2 medium · %3 low</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n chair(s) still infusing: %1. Quit anyway? The sessions are kept, but this station stops showing their countdowns and sounding their alarms.</source>
        <translation>
            <numerusform>%n chair still infusing: %1. Quit anyway? The session is kept, but this station stops showing its countdowns and sounding its alarms.</numerusform>
            <numerusform>%n chairs still infusing: %1. Quit anyway? The sessions are kept, but this station stops showing their countdowns and sounding their alarms.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HandoffView</name>
    <message numerus="yes">
        <source>%n chair(s) in use at %1</source>
        <translation>
            <numerusform>%n chair in use at %1</numerusform>
            <numerusform>%n chairs in use at %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n session</numerusform>
            <numerusform>%n sessions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BatchExportDialog</name>
    <message numerus="yes">
        <source>Exporting %n session(s)…</source>
        <translation>
            <numerusform>Exporting %n session…</numerusform>
            <numerusform>Exporting %n sessions…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AuditLogView</name>
    <message numerus="yes">
        <source>%n entries (newest first, at most 500)</source>
        <translation>
            <numerusform>%n entry (newest first, at most 500)</numerusform>
            <numerusform>%n entries (newest first, at most 500)</numerusform>
        </translation>
    </message>
</context>
</TS>
