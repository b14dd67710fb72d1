"""A small MSPDI file written by hand the way ProjectLibre saves one (File › Save as › MS Project
XML): the project's own fields, the Standard calendar with an exception in the old WeekDay form
(DayType 0), summary tasks, durations in hours, lags in tenths of a minute, a resource and its
assignment."""

PROJECTLIBRE_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Project xmlns="http://schemas.microsoft.com/project">
<SaveVersion>9</SaveVersion>
<Name>Techniekpact Noord.xml</Name>
<Title>Techniekpact Noord</Title>
<ScheduleFromStart>1</ScheduleFromStart>
<StartDate>2027-01-04T08:00:00</StartDate>
<FinishDate>2027-06-30T17:00:00</FinishDate>
<CalendarUID>1</CalendarUID>
<DefaultStartTime>08:00:00</DefaultStartTime>
<DefaultFinishTime>17:00:00</DefaultFinishTime>
<MinutesPerDay>480</MinutesPerDay>
<MinutesPerWeek>2400</MinutesPerWeek>
<DaysPerMonth>20</DaysPerMonth>
<DurationFormat>7</DurationFormat>
<Calendars>
<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
<BaseCalendarUID>-1</BaseCalendarUID>
<WeekDays>
<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
<WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes>
<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>
<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>
</WorkingTimes></WeekDay>
<WeekDay><DayType>3</DayType><DayWorking>1</DayWorking><WorkingTimes>
<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>
<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>
</WorkingTimes></WeekDay>
<WeekDay><DayType>4</DayType><DayWorking>1</DayWorking><WorkingTimes>
<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>
<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>
</WorkingTimes></WeekDay>
<WeekDay><DayType>5</DayType><DayWorking>1</DayWorking><WorkingTimes>
<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>
<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>
</WorkingTimes></WeekDay>
<WeekDay><DayType>6</DayType><DayWorking>1</DayWorking><WorkingTimes>
<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>
<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>
</WorkingTimes></WeekDay>
<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking>
<TimePeriod><FromDate>2027-02-10T00:00:00</FromDate><ToDate>2027-02-10T23:59:00</ToDate></TimePeriod>
</WeekDay>
</WeekDays>
</Calendar>
</Calendars>
<Tasks>
<Task><UID>0</UID><ID>0</ID><Name>Techniekpact Noord</Name><OutlineLevel>0</OutlineLevel>
<Summary>1</Summary><Start>2027-01-04T08:00:00</Start><Finish>2027-06-30T17:00:00</Finish>
</Task>
<Task><UID>1</UID><ID>1</ID><Name>Voorbereiding</Name><OutlineNumber>1</OutlineNumber>
<OutlineLevel>1</OutlineLevel><Summary>1</Summary><Milestone>0</Milestone>
<Start>2027-01-04T08:00:00</Start><Finish>2027-01-08T17:00:00</Finish>
<Duration>PT40H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
<Task><UID>2</UID><ID>2</ID><Name>Enquête uitzetten</Name><OutlineNumber>1.1</OutlineNumber>
<OutlineLevel>2</OutlineLevel><Summary>0</Summary><Milestone>0</Milestone>
<Start>2027-01-04T08:00:00</Start><Finish>2027-01-08T17:00:00</Finish>
<Duration>PT40H0M0S</Duration><DurationFormat>7</DurationFormat>
<ConstraintType>0</ConstraintType></Task>
<Task><UID>3</UID><ID>3</ID><Name>Enquête afgerond</Name><OutlineNumber>1.2</OutlineNumber>
<OutlineLevel>2</OutlineLevel><Summary>0</Summary><Milestone>1</Milestone>
<Start>2027-01-08T17:00:00</Start><Finish>2027-01-08T17:00:00</Finish>
<Duration>PT0H0M0S</Duration><DurationFormat>7</DurationFormat>
<Deadline>2027-03-05T17:00:00</Deadline>
<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type><CrossProject>0</CrossProject>
<LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
<Task><UID>4</UID><ID>4</ID><Name>Uitvoering</Name><OutlineNumber>2</OutlineNumber>
<OutlineLevel>1</OutlineLevel><Summary>1</Summary><Milestone>0</Milestone>
<Start>2027-01-14T08:00:00</Start><Finish>2027-01-27T17:00:00</Finish>
<Duration>PT80H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
<Task><UID>5</UID><ID>5</ID><Name>Workshops geven</Name><OutlineNumber>2.1</OutlineNumber>
<OutlineLevel>2</OutlineLevel><Summary>0</Summary><Milestone>0</Milestone>
<Start>2027-01-14T08:00:00</Start><Finish>2027-01-27T17:00:00</Finish>
<Duration>PT80H0M0S</Duration><DurationFormat>7</DurationFormat>
<PredecessorLink><PredecessorUID>3</PredecessorUID><Type>1</Type><CrossProject>0</CrossProject>
<LinkLag>14400</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
<Task><UID>6</UID><ID>6</ID><Name>Evaluatie klaar</Name><OutlineNumber>2.2</OutlineNumber>
<OutlineLevel>2</OutlineLevel><Summary>0</Summary><Milestone>1</Milestone>
<Start>2027-06-30T17:00:00</Start><Finish>2027-06-30T17:00:00</Finish>
<Duration>PT0H0M0S</Duration><DurationFormat>7</DurationFormat>
<ConstraintType>7</ConstraintType><ConstraintDate>2027-06-30T17:00:00</ConstraintDate>
<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>2</Type><CrossProject>0</CrossProject>
<LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
<Task><UID>7</UID><ID>7</ID><Name>Regio Oost</Name><OutlineNumber>2.3</OutlineNumber>
<OutlineLevel>2</OutlineLevel><Summary>1</Summary><Milestone>0</Milestone>
<Start>2027-01-04T08:00:00</Start><Finish>2027-01-08T17:00:00</Finish>
<Duration>PT40H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
<Task><UID>8</UID><ID>8</ID><Name>Gastlessen</Name><OutlineNumber>2.3.1</OutlineNumber>
<OutlineLevel>3</OutlineLevel><Summary>0</Summary><Milestone>0</Milestone>
<Start>2027-01-04T08:00:00</Start><Finish>2027-01-08T17:00:00</Finish>
<Duration>PT40H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
</Tasks>
<Resources>
<Resource><UID>0</UID><ID>0</ID><Type>1</Type></Resource>
<Resource><UID>1</UID><ID>1</ID><Name>Jan de Vries</Name><Type>1</Type></Resource>
</Resources>
<Assignments>
<Assignment><UID>1</UID><TaskUID>5</TaskUID><ResourceUID>1</ResourceUID><Units>1</Units>
</Assignment>
</Assignments>
</Project>
"""
